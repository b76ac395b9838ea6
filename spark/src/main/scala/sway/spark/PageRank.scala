package sway.spark

import org.apache.spark.rdd.RDD
import org.apache.spark.storage.StorageLevel

/**
 * PageRank on the attention graph, the definition of graph/algorithms/pagerank.ts: rank(s) = (1-d)/n + d D/n +
 * d sum over the people t that s influences of rank(t) w(s,t) / W(t), where W(t) is t's in-degree (or in-weight) and D
 * the rank of the people who listen to nobody (W = 0), spread uniformly. Jacobi iterations from 1/n until the L1
 * change falls below `tolerance` or `maxIterations` is reached; the residual is returned either way.
 *
 * As a Spark program: each person's rows of in-edges (whom they listen to) live in their block; an iteration sends
 * rank(t) / W(t) along t's in-edges (one message an edge, combined per receiver before the shuffle), and each block adds
 * what its people received. The residual and the dangling rank are summed over the blocks on the driver.
 */
object PageRank {
  final case class Result(rank: RDD[Array[Double]], iterations: Int, residual: Double, converged: Boolean)

  private final case class State(rank: Array[Double], residual: Double, dangling: Double)

  def run(g: GraphData, damping: Double, tolerance: Double, maxIterations: Int, weighted: Boolean): Result = {
    require(damping > 0 && damping < 1, "influence: \"damping\" must be above 0 and below 1")
    require(tolerance > 0, "influence: \"tolerance\" must be above 0")
    require(maxIterations >= 1, "influence: \"maxIterations\" must be at least 1")
    val layout = g.layout
    val n = layout.n
    val d = damping
    val inAdj = g.inAdj
    val invW = inAdj.map { csr =>
      Array.tabulate(csr.rows) { r =>
        val total = if (weighted) (csr.offsets(r) until csr.offsets(r + 1)).map(e => csr.weights(e)).sum else csr.degree(r).toDouble
        if (total > 0) 1 / total else 0.0
      }
    }.persist(StorageLevel.MEMORY_AND_DISK)
    var state = invW.map(w => State(Array.fill(w.length)(1.0 / n), Double.PositiveInfinity, w.count(_ == 0).toDouble / n))
      .persist(StorageLevel.MEMORY_AND_DISK)
    var dangling = state.map(_.dangling).sum()
    var residual = Double.PositiveInfinity
    var iterations = 0
    while (iterations < maxIterations && !(residual < tolerance)) {
      val base = (1 - d + d * dangling) / n
      val messages = inAdj.zipPartitions(invW, state) { (a, w, s) =>
        val csr = a.next()
        val inv = w.next()
        val rank = s.next().rank
        (0 until csr.rows).iterator.filter(r => inv(r) > 0).flatMap { r =>
          val share = rank(r) * inv(r)
          (csr.offsets(r) until csr.offsets(r + 1)).iterator.map(e => (csr.targets(e), if (weighted) share * csr.weights(e) else share))
        }
      }
      val sums = layout.sum(messages)
      val next = state.zipPartitions(sums, invW) { (s, m, w) =>
        val previous = s.next().rank
        val sum = m.next()
        val inv = w.next()
        val rank = new Array[Double](previous.length)
        var change = 0.0
        var danglingPart = 0.0
        for (r <- rank.indices) {
          rank(r) = base + d * sum(r)
          change += math.abs(rank(r) - previous(r))
          if (inv(r) == 0) danglingPart += rank(r)
        }
        Iterator.single(State(rank, change, danglingPart))
      }.persist(StorageLevel.MEMORY_AND_DISK)
      iterations += 1
      // Cut the lineage now and then: each iteration's state depends on the previous one's.
      if (iterations % 10 == 0) next.localCheckpoint()
      val totals = next.map(st => (st.residual, st.dangling)).collect()
      residual = totals.map(_._1).sum
      dangling = totals.map(_._2).sum
      state.unpersist(blocking = false)
      state = next
      Progress.fraction(if (residual > 0 && residual < 1) math.min(0.99, math.log(residual) / math.log(tolerance)) else iterations.toDouble / maxIterations)
    }
    val rank = state.map(_.rank).persist(StorageLevel.MEMORY_AND_DISK)
    rank.count()
    state.unpersist(blocking = false)
    invW.unpersist(blocking = false)
    Result(rank, iterations, residual, residual < tolerance)
  }

  /** The 0-100 log-scaled influence score of graph/scores/families/influence.ts. */
  def influenceScore(rank: RDD[Array[Double]]): RDD[Array[Double]] = {
    val (min, max) = rank.map(a => (if (a.isEmpty) Double.PositiveInfinity else a.min, if (a.isEmpty) Double.NegativeInfinity else a.max))
      .reduce((x, y) => (math.min(x._1, y._1), math.max(x._2, y._2)))
    if (!(max > min) || !(min > 0)) rank.map(a => new Array[Double](a.length))
    else {
      val span = StrictMath.log(max / min)
      rank.map(_.map(pr => math.round((1000 * StrictMath.log(pr / min)) / span) / 10.0))
    }
  }
}
