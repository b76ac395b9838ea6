package sway.spark

import org.apache.spark.rdd.RDD
import org.apache.spark.storage.StorageLevel

/** Degrees and weights of graph/scores/families/structure.ts: counts and weight sums of each person's rows. */
object Degrees {
  def count(adj: RDD[Csr]): RDD[Array[Double]] = adj.map(csr => Array.tabulate(csr.rows)(r => csr.degree(r).toDouble))

  def weight(adj: RDD[Csr]): RDD[Array[Double]] = adj.map { csr =>
    Array.tabulate(csr.rows) { r =>
      var sum = 0.0
      for (e <- csr.offsets(r) until csr.offsets(r + 1)) sum += csr.weights(e)
      sum
    }
  }
}

/**
 * Core numbers of the underlying undirected graph (graph/algorithms/cores.ts computes them with Batagelj and
 * Zaversnik's sequential peeling; the values are the same). Distributed by the locality of core numbers (Montresor,
 * De Pellegrini and Miorandi, "Distributed k-core decomposition", IEEE TPDS 2013): every person starts from their
 * degree and repeatedly lowers it to the largest k such that at least k neighbours have an estimate of at least k;
 * only people whose estimate changed tell their neighbours. The estimates never go below the core numbers and stop
 * exactly on them.
 */
object KCore {
  private final case class State(estimate: Array[Int], neighbours: Array[Int], changed: Array[Boolean], changes: Long)

  def run(g: GraphData): RDD[Array[Double]] = {
    val layout = g.layout
    val adj = g.undirected(weighted = false).persist(StorageLevel.MEMORY_AND_DISK)
    var state = adj.map { csr =>
      val estimate = Array.tabulate(csr.rows)(csr.degree)
      State(estimate, new Array[Int](csr.edges), Array.fill(csr.rows)(true), csr.rows.toLong)
    }.persist(StorageLevel.MEMORY_AND_DISK)
    var changes = state.map(_.changes).sum().toLong
    var rounds = 0
    val total = math.max(1L, changes)
    while (changes > 0) {
      val messages = adj.zipPartitions(state) { (a, s) =>
        val csr = a.next()
        val st = s.next()
        val p = TaskPartition.id
        (0 until csr.rows).iterator.filter(st.changed).flatMap { r =>
          val u = layout.person(p, r)
          val k = st.estimate(r)
          (csr.offsets(r) until csr.offsets(r + 1)).iterator.map(e => (csr.targets(e), (u, k)))
        }
      }.partitionBy(layout.partitioner)
      val next = adj.zipPartitions(state, messages) { (a, s, m) =>
        val csr = a.next()
        val st = s.next()
        val estimate = st.estimate.clone()
        val neighbours = st.neighbours.clone()
        val touched = new Array[Boolean](csr.rows)
        m.foreach { case (v, (u, k)) =>
          val r = layout.row(v)
          neighbours(csr.find(r, u)) = k
          touched(r) = true
        }
        val changed = new Array[Boolean](csr.rows)
        var count = 0L
        for (r <- 0 until csr.rows if touched(r)) {
          val h = index(neighbours, csr.offsets(r), csr.offsets(r + 1), estimate(r))
          if (h < estimate(r)) {
            estimate(r) = h
            changed(r) = true
            count += 1
          }
        }
        Iterator.single(State(estimate, neighbours, changed, count))
      }.persist(StorageLevel.MEMORY_AND_DISK)
      rounds += 1
      if (rounds % 10 == 0) next.localCheckpoint()
      changes = next.map(_.changes).sum().toLong
      state.unpersist(blocking = false)
      state = next
      Progress.fraction(1 - changes.toDouble / total)
    }
    val core = state.map(_.estimate.map(_.toDouble)).persist(StorageLevel.MEMORY_AND_DISK)
    core.count()
    state.unpersist(blocking = false)
    adj.unpersist(blocking = false)
    core
  }

  /** The largest k <= bound such that at least k of the neighbours' estimates are >= k. */
  private def index(estimates: Array[Int], from: Int, until: Int, bound: Int): Int = {
    val count = new Array[Int](bound + 1)
    for (e <- from until until) count(math.min(estimates(e), bound)) += 1
    var k = bound
    var atLeast = 0
    while (k > 0) {
      atLeast += count(k)
      if (atLeast >= k) return k
      k -= 1
    }
    0
  }
}

/**
 * Betweenness of graph/algorithms/betweenness.ts: Brandes' dependencies from a seeded sample of sources (the same
 * sources, drawn with the same generator), scaled by n / samples and normalised by (n - 1)(n - 2).
 *
 * As a Spark program: breadth-first searches from a batch of sources advance together, one level a round: each person
 * on the frontier of some searches sends those searches' path counts along its out-edges, in one message an edge.
 * Dependencies then flow back level by level along in-edges: a person at level L sends (1 + delta) / sigma for each
 * search to the people who influence it, and those at level L - 1 keep the terms of their searches.
 */
object Betweenness {
  private final class Batch(val distance: Array[Int], val sigma: Array[Double], val delta: Array[Double], val count: Long) extends Serializable

  /** All people when samples >= n, else the local engine's partial Fisher-Yates sample, sorted. */
  def pickSources(n: Int, samples: Int, seed: Int): Array[Int] = {
    if (samples >= n) return Array.tabulate(n)(identity)
    val random = new SwayRandom(seed)
    val swapped = scala.collection.mutable.HashMap.empty[Int, Int]
    val picked = new Array[Int](samples)
    for (i <- 0 until samples) {
      val j = i + random.nextInt(n - i)
      val atJ = swapped.getOrElse(j, j)
      val atI = swapped.getOrElse(i, i)
      swapped(i) = atJ
      swapped(j) = atI
      picked(i) = atJ
    }
    picked.sorted
  }

  /**
   * What the people at level `at` of some searches send along their rows, one message a row entry: the searches and,
   * forward, their path counts sigma; backward, (1 + delta) / sigma.
   */
  private def levelMessages(layout: Layout, adj: RDD[Csr], state: RDD[Batch], width: Int, at: Int,
                            backward: Boolean): RDD[(Int, (Array[Int], Array[Double]))] =
    adj.zipPartitions(state) { (a, s) =>
      val csr = a.next()
      val st = s.next()
      (0 until csr.rows).iterator.flatMap { r =>
        val searches = (0 until width).filter(j => st.distance(r * width + j) == at).toArray
        if (searches.isEmpty) Iterator.empty
        else {
          val values = searches.map { j =>
            val i = r * width + j
            if (backward) (1 + st.delta(i)) / st.sigma(i) else st.sigma(i)
          }
          (csr.offsets(r) until csr.offsets(r + 1)).iterator.map(e => (csr.targets(e), (searches, values)))
        }
      }
    }.partitionBy(layout.partitioner)

  def run(g: GraphData, samples: Int, seed: Int, normalized: Boolean, batchSize: Int): RDD[Array[Double]] = {
    require(samples >= 1, "structure: \"betweennessSamples\" must be at least 1")
    val layout = g.layout
    val n = layout.n
    var centrality = g.people.map(b => new Array[Double](b.ids.length)).persist(StorageLevel.MEMORY_AND_DISK)
    if (n < 3) return centrality
    val sources = pickSources(n, samples, seed)
    val outAdj = g.outAdj
    val inAdj = g.inAdj
    val batches = sources.grouped(math.max(1, batchSize)).toArray
    for ((batch, b) <- batches.zipWithIndex) {
      val width = batch.length
      val start = layout.blocks(g.sc) { (p, rows) =>
        val distance = Array.fill(rows * width)(-1)
        val sigma = new Array[Double](rows * width)
        for ((s, j) <- batch.zipWithIndex if s % layout.parts == p) {
          distance(layout.row(s) * width + j) = 0
          sigma(layout.row(s) * width + j) = 1
        }
        new Batch(distance, sigma, new Array[Double](rows * width), width)
      }
      var state = start.persist(StorageLevel.MEMORY_AND_DISK)
      // Forward: level by level, path counts along out-edges.
      var level = 0
      var frontier = width.toLong
      while (frontier > 0) {
        val at = level
        val messages = levelMessages(layout, outAdj, state, width, at, backward = false)
        val next = state.zipPartitions(messages) { (s, m) =>
          val st = s.next()
          val distance = st.distance.clone()
          val sigma = st.sigma.clone()
          var reached = 0L
          m.foreach { case (w, (searches, counts)) =>
            val base = layout.row(w) * width
            for (k <- searches.indices) {
              val i = base + searches(k)
              if (distance(i) == -1) {
                distance(i) = at + 1
                reached += 1
              }
              if (distance(i) == at + 1) sigma(i) += counts(k)
            }
          }
          Iterator.single(new Batch(distance, sigma, st.delta, reached))
        }.persist(StorageLevel.MEMORY_AND_DISK)
        // Cut the lineage now and then (before the first job on the RDD, or it would not take).
        if ((level + 1) % 10 == 0) next.localCheckpoint()
        frontier = next.map(_.count).sum().toLong
        state.unpersist(blocking = false)
        state = next
        level += 1
      }
      // Backward: dependencies from the deepest level up.
      for (at <- (level - 1) to 1 by -1) {
        val messages = levelMessages(layout, inAdj, state, width, at, backward = true)
        val next = state.zipPartitions(messages) { (s, m) =>
          val st = s.next()
          val delta = st.delta.clone()
          val sum = new Array[Double](delta.length)
          m.foreach { case (v, (searches, terms)) =>
            val base = layout.row(v) * width
            for (k <- searches.indices) if (st.distance(base + searches(k)) == at - 1) sum(base + searches(k)) += terms(k)
          }
          for (i <- delta.indices if st.distance(i) == at - 1) delta(i) = st.sigma(i) * sum(i)
          Iterator.single(new Batch(st.distance, st.sigma, delta, 0))
        }.persist(StorageLevel.MEMORY_AND_DISK)
        if (at % 10 == 0) next.localCheckpoint()
        next.count()
        state.unpersist(blocking = false)
        state = next
      }
      val added = centrality.zipPartitions(state) { (c, s) =>
        val before = c.next()
        val st = s.next()
        val after = before.clone()
        for (r <- after.indices; j <- 0 until width if st.distance(r * width + j) >= 1) after(r) += st.delta(r * width + j)
        Iterator.single(after)
      }.persist(StorageLevel.MEMORY_AND_DISK)
      added.count()
      centrality.unpersist(blocking = false)
      state.unpersist(blocking = false)
      centrality = added
      Progress.fraction((b + 1).toDouble / batches.length)
    }
    val scale = (n.toDouble / sources.length) * (if (normalized) 1.0 / ((n - 1).toDouble * (n - 2)) else 1.0)
    val result = centrality.map(_.map(_ * scale)).persist(StorageLevel.MEMORY_AND_DISK)
    result.count()
    centrality.unpersist(blocking = false)
    result
  }
}
