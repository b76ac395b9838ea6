package sway.spark

import org.apache.spark.rdd.RDD
import org.apache.spark.storage.StorageLevel

/**
 * Fairness and Goodness (Kumar, Spezzano, Subrahmanian and Faloutsos, ICDM 2016), the definition and stopping rule of
 * graph/algorithms/reputation/fairness-goodness.ts: g(v) = mean over v's raters u of f(u) w(u,v); f(u) = 1 - mean over
 * the people u rated of |w(u,v) - g(v)| / 2; g from f, then f from g, from f = 1, until no fairness changes by more
 * than `tolerance`, then a last goodness step. NaN for people nobody rated (goodness) or who rated nobody (fairness).
 *
 * As a Spark program: raters send f(u) w to the people they rated (one message a rating, combined per receiver), then
 * the rated send |w - g(v)| back to their raters; the largest change is taken over the blocks on the driver.
 */
object Reputation {
  final case class Result(fairness: RDD[Array[Double]], goodness: RDD[Array[Double]], iterations: Int, change: Double, converged: Boolean)

  def run(g: GraphData, tolerance: Double, maxIterations: Int): Result = {
    require(tolerance > 0, "reputation: \"tolerance\" must be above 0")
    require(maxIterations >= 1, "reputation: \"maxIterations\" must be at least 1")
    val layout = g.layout
    val (given, received) = g.ratings()
    given.persist(StorageLevel.MEMORY_AND_DISK)
    received.persist(StorageLevel.MEMORY_AND_DISK)
    var fairness = given.map(csr => Array.tabulate(csr.rows)(r => if (csr.degree(r) == 0) Double.NaN else 1.0)).persist(StorageLevel.MEMORY_AND_DISK)

    def goodnessStep(f: RDD[Array[Double]]): RDD[Array[Double]] = {
      val sums = layout.sum(given.zipPartitions(f) { (a, b) =>
        val csr = a.next()
        val fair = b.next()
        (0 until csr.rows).iterator.flatMap(r => (csr.offsets(r) until csr.offsets(r + 1)).iterator.map(e => (csr.targets(e), fair(r) * csr.weights(e))))
      })
      received.zipPartitions(sums) { (a, b) =>
        val csr = a.next()
        val sum = b.next()
        Iterator.single(Array.tabulate(csr.rows)(r => if (csr.degree(r) == 0) Double.NaN else sum(r) / csr.degree(r)))
      }
    }

    var change = Double.PositiveInfinity
    var iterations = 0
    while (iterations < maxIterations && !(change <= tolerance)) {
      val goodness = goodnessStep(fairness).persist(StorageLevel.MEMORY_AND_DISK)
      val distances = layout.sum(received.zipPartitions(goodness) { (a, b) =>
        val csr = a.next()
        val good = b.next()
        (0 until csr.rows).iterator.flatMap(r => (csr.offsets(r) until csr.offsets(r + 1)).iterator.map(e => (csr.targets(e), math.abs(csr.weights(e) - good(r)))))
      })
      val next = given.zipPartitions(fairness, distances) { (a, b, c) =>
        val csr = a.next()
        val before = b.next()
        val distance = c.next()
        Iterator.single(Array.tabulate(csr.rows)(r => if (csr.degree(r) == 0) Double.NaN else 1 - distance(r) / (2.0 * csr.degree(r))) -> before)
      }.map { case (after, before) =>
        var largest = 0.0
        for (r <- after.indices if !after(r).isNaN) largest = math.max(largest, math.abs(after(r) - before(r)))
        (after, largest)
      }.persist(StorageLevel.MEMORY_AND_DISK)
      iterations += 1
      if (iterations % 10 == 0) next.localCheckpoint()
      change = next.map(_._2).max()
      goodness.unpersist(blocking = false)
      fairness.unpersist(blocking = false)
      fairness = next.map(_._1).persist(StorageLevel.MEMORY_AND_DISK)
      fairness.count()
      next.unpersist(blocking = false)
      Progress.fraction(if (change > 0 && change < 1) math.min(0.99, math.log(change) / math.log(tolerance)) else iterations.toDouble / maxIterations)
    }
    val goodness = goodnessStep(fairness).persist(StorageLevel.MEMORY_AND_DISK)
    goodness.count()
    Result(fairness, goodness, iterations, change, change <= tolerance)
  }

  /** graph/algorithms/reputation/detractors.ts: reputation or sentiment below the threshold (unknown is no). */
  def detractors(reputation: RDD[Array[Double]], people: RDD[PeopleBlock], threshold: Double): RDD[Array[Double]] =
    reputation.zipPartitions(people) { (a, b) =>
      val rep = a.next()
      val sentiment = b.next().sentiment
      Iterator.single(Array.tabulate(rep.length)(r => if (rep(r) < threshold || sentiment(r) < threshold) 1.0 else 0.0))
    }

  def detractorReach(flags: RDD[Array[Double]], spread: Option[RDD[Array[Double]]]): RDD[Array[Double]] = spread match {
    case None => flags.map(f => Array.fill(f.length)(Double.NaN))
    case Some(s) => flags.zipPartitions(s) { (a, b) =>
      val flag = a.next()
      val reach = b.next()
      Iterator.single(Array.tabulate(flag.length)(r => if (flag(r) == 1) reach(r) else Double.NaN))
    }
  }
}
