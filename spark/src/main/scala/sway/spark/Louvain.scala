package sway.spark

import org.apache.spark.Partitioner
import org.apache.spark.rdd.RDD
import org.apache.spark.storage.StorageLevel

/**
 * Communities by the Louvain method (Blondel, Guillaume, Lambiotte and Lefebvre, J. Stat. Mech. 2008) on the
 * underlying undirected graph, with the modularity, resolution, stopping threshold and renumbering of
 * graph/algorithms/communities.ts and louvain.ts: local moving, then each community becomes one node of the next level
 * (its inner weight a self entry), for as long as a level raises modularity by more than `threshold`.
 *
 * The difference (recorded in the score set as `communityMethod`): the local engine moves one person at a time, each
 * seeing the moves before; here every person decides in the same round from the same snapshot of the communities
 * (synchronous local moving). Moved all at once, two people can swap places forever or pile into one community, so,
 * after Lu, Halappanavar and Kalyanaraman ("Parallel heuristics for scalable community detection", Parallel Computing
 * 2015): a lone person joins another lone person's community only if that one's label is smaller, and only a seeded
 * random half of those who would gain move in a round (Shi et al.'s random subsets; halved again after a round that
 * lowered modularity, which is undone). A level ends when a round gains less than `roundThreshold` or no one moves.
 *
 * As a Spark program, a round is: community totals summed by label (broadcast, 12 bytes a label); each person sends
 * its label along its rows, combined per (receiver, label) before the shuffle, which gives every person its weight to
 * each neighbouring community; each block then decides its people's moves. Aggregation sums those same weights by
 * (community, community).
 */
object Louvain {
  final case class Result(community: RDD[Array[Double]], count: Int, modularity: Double, levels: Int, rounds: Int)

  /** Partitions a (person << 32 | label) key by person, as Layout places people. */
  private final class ByPerson(parts: Int) extends Partitioner {
    def numPartitions: Int = parts
    def getPartition(key: Any): Int = ((key.asInstanceOf[Long] >>> 32).toInt) % parts
  }

  private final case class Totals(total: Array[Double], size: Array[Int])

  def run(g: GraphData, resolution: Double, weighted: Boolean, threshold: Double, seed: Int,
          roundThreshold: Double = 1e-6, maxRounds: Int = 60, moveProbability: Double = 0.5): Result = {
    require(resolution > 0, "communities: \"resolution\" must be above 0")
    require(threshold >= 0, "communities: \"threshold\" must be at least 0")
    val sc = g.sc
    val parts = g.layout.parts
    var layout = g.layout
    var graph = g.undirected(weighted).persist(StorageLevel.MEMORY_AND_DISK)
    // The community of every person, as a label of the current level's nodes.
    var assignment = g.people.mapPartitionsWithIndex((p, it) => Iterator.single(Array.tabulate(it.next().ids.length)(r => layout.person(p, r))))
      .persist(StorageLevel.MEMORY_AND_DISK)
    var quality = Double.NaN
    var count = layout.n
    var levels = 0
    var rounds = 0
    var continueLevels = true
    while (continueLevels) {
      val level = levels
      val currentLayout = layout
      val strength = graph.map(csr => Array.tabulate(csr.rows)(r => (csr.offsets(r) until csr.offsets(r + 1)).map(csr.weights).sum)).persist(StorageLevel.MEMORY_AND_DISK)
      val self = graph.mapPartitionsWithIndex { (p, it) =>
        val csr = it.next()
        Iterator.single(Array.tabulate(csr.rows) { r => val e = csr.find(r, currentLayout.person(p, r)); if (e >= 0) csr.weights(e) else 0.0 })
      }.persist(StorageLevel.MEMORY_AND_DISK)
      val twoM = strength.map(_.sum).sum()
      if (twoM == 0) {
        if (quality.isNaN) quality = 0
        continueLevels = false
      } else {
        var labels: RDD[Array[Int]] = graph.mapPartitionsWithIndex((p, it) => Iterator.single(Array.tabulate(it.next().rows)(r => currentLayout.person(p, r))))
          .persist(StorageLevel.MEMORY_AND_DISK)
        var totals = communityTotals(currentLayout, labels, strength)
        var previous: RDD[Array[Int]] = null
        var previousTotals: Totals = null
        var previousQ = Double.NegativeInfinity
        var probability = moveProbability
        var finish = false
        var movedAny = false
        var round = 0
        var done = false
        var levelQ = Double.NaN
        var neighbourhood: RDD[Csr] = null
        while (!done) {
          if (neighbourhood != null) neighbourhood.unpersist(blocking = false)
          neighbourhood = neighbourLabels(currentLayout, graph, labels).persist(StorageLevel.MEMORY_AND_DISK)
          val t = sc.broadcast(totals)
          val scaleBase = resolution / twoM
          val prob = probability
          val roundNumber = round
          // One job a round: the inner weight of the current labels (their modularity), each person's move, and the
          // totals of the labels after the moves (partial per block, added up on the driver).
          val decided = neighbourhood.zipPartitions(labels, strength, self) { (a, b, c, d) =>
            val nb = a.next()
            val lab = b.next()
            val k = c.next()
            val own = d.next()
            val tot = t.value
            val p = TaskPartition.id
            val next = lab.clone()
            var moves = 0L
            var inside = 0.0
            val partial = scala.collection.mutable.HashMap.empty[Int, (Double, Int)]
            for (r <- lab.indices) {
              val i = currentLayout.person(p, r)
              val label = lab(r)
              val scale = scaleBase * k(r)
              var kOwn = 0.0
              val e = java.util.Arrays.binarySearch(nb.targets, nb.offsets(r), nb.offsets(r + 1), label)
              if (e >= 0) kOwn = nb.weights(e)
              inside += own(r) + kOwn
              var best = label
              var bestGain = kOwn - (tot.total(label) - k(r)) * scale
              for (f <- nb.offsets(r) until nb.offsets(r + 1) if nb.targets(f) != label) {
                val gain = nb.weights(f) - tot.total(nb.targets(f)) * scale
                if (gain > bestGain) {
                  bestGain = gain
                  best = nb.targets(f)
                }
              }
              val swap = best != label && tot.size(label) == 1 && tot.size(best) == 1 && best > label
              if (best != label && !swap && uniform(seed, level, roundNumber, i) < prob) {
                next(r) = best
                moves += 1
              }
              val (sum, size) = partial.getOrElse(next(r), (0.0, 0))
              partial(next(r)) = (sum + k(r), size + 1)
            }
            Iterator.single((next, moves, inside, partial.toArray))
          }.persist(StorageLevel.MEMORY_AND_DISK)
          if ((round + 1) % 10 == 0) decided.localCheckpoint()
          val outcome = decided.map { case (_, moves, inside, partial) => (moves, inside, partial) }.collect()
          t.unpersist(blocking = false)
          val inside = outcome.map(_._2).sum
          val moves = outcome.map(_._1).sum
          val q = inside / twoM - resolution * totals.total.map(x => (x / twoM) * (x / twoM)).sum
          if (quality.isNaN) quality = q
          if (previous != null && q < previousQ - 1e-12) {
            // The last round's moves lowered modularity: undo them and move fewer people at once.
            decided.unpersist(blocking = false)
            labels.unpersist(blocking = false)
            labels = previous
            totals = previousTotals
            previous = null
            probability /= 2
            if (probability < 1.0 / 64) finish = true
          } else if (finish || moves == 0 || round >= maxRounds || (previous != null && q - previousQ < roundThreshold)) {
            levelQ = q
            done = true
            decided.unpersist(blocking = false)
          } else {
            movedAny = true
            if (previous != null) previous.unpersist(blocking = false)
            previous = labels
            previousTotals = totals
            previousQ = q
            labels = decided.map(_._1).persist(StorageLevel.MEMORY_AND_DISK)
            labels.count()
            decided.unpersist(blocking = false)
            val total = new Array[Double](currentLayout.n)
            val size = new Array[Int](currentLayout.n)
            for (part <- outcome; (label, (sum, count)) <- part._3) {
              total(label) += sum
              size(label) += count
            }
            totals = Totals(total, size)
            round += 1
            rounds += 1
          }
          Progress.fraction(math.min(0.95, (level + round.toDouble / maxRounds) / 4))
        }
        if (!movedAny) continueLevels = false
        else {
          // Dense community numbers 0..C-1 for this level's labels (by label order), then the next level's graph.
          val distinct = labels.flatMap(_.distinct).distinct().collect().sorted
          val dense = new Array[Int](currentLayout.n)
          distinct.zipWithIndex.foreach { case (label, d) => dense(label) = d }
          val denseB = sc.broadcast(dense)
          val levelLabels = labels.collect()
          val byNode = new Array[Int](currentLayout.n)
          for (i <- 0 until currentLayout.n) byNode(i) = dense(levelLabels(i % parts)(currentLayout.row(i)))
          val byNodeB = sc.broadcast(byNode)
          val next = assignment.map(_.map(a => byNodeB.value(a))).persist(StorageLevel.MEMORY_AND_DISK)
          next.count()
          assignment.unpersist(blocking = false)
          assignment = next
          count = distinct.length
          levels += 1
          val gain = levelQ - quality
          quality = levelQ
          if (gain <= threshold) continueLevels = false
          else {
            val nextLayout = Layout(count, parts)
            val entries = neighbourhood.zipPartitions(labels, self) { (a, b, c) =>
              val nb = a.next()
              val lab = b.next()
              val own = c.next()
              val d = denseB.value
              lab.indices.iterator.flatMap { r =>
                val from = d(lab(r))
                Iterator((from, (from, own(r)))) ++ (nb.offsets(r) until nb.offsets(r + 1)).iterator.map(e => (from, (d(nb.targets(e)), nb.weights(e))))
              }
            }
            val nextGraph = Csr.build(nextLayout, entries).persist(StorageLevel.MEMORY_AND_DISK)
            nextGraph.count()
            graph.unpersist(blocking = false)
            graph = nextGraph
            layout = nextLayout
          }
        }
        neighbourhood.unpersist(blocking = false)
        labels.unpersist(blocking = false)
        if (previous != null) previous.unpersist(blocking = false)
      }
      strength.unpersist(blocking = false)
      self.unpersist(blocking = false)
    }
    graph.unpersist(blocking = false)

    // Renumber by size, largest first, ties by smallest member, as the local engine does.
    val baseLayout = g.layout
    val stats = assignment.mapPartitionsWithIndex { (p, it) =>
      it.next().zipWithIndex.iterator.map { case (c, r) => (c, (1L, baseLayout.person(p, r))) }
    }.reduceByKey((a, b) => (a._1 + b._1, math.min(a._2, b._2))).collect()
    val rename = new Array[Int](if (stats.isEmpty) 0 else stats.map(_._1).max + 1)
    stats.sortBy { case (_, (size, first)) => (-size, first) }.zipWithIndex.foreach { case ((c, _), rank) => rename(c) = rank }
    val renameB = sc.broadcast(rename)
    val community = assignment.map(_.map(c => renameB.value(c).toDouble)).persist(StorageLevel.MEMORY_AND_DISK)
    community.count()
    assignment.unpersist(blocking = false)
    Result(community, stats.length, if (quality.isNaN) 0.0 else quality, levels, rounds)
  }

  /** Total strength and member count of each label. */
  private def communityTotals(layout: Layout, labels: RDD[Array[Int]], strength: RDD[Array[Double]]): Totals = {
    val pairs = labels.zipPartitions(strength) { (a, b) =>
      val lab = a.next()
      val k = b.next()
      lab.indices.iterator.map(r => (lab(r), (k(r), 1)))
    }.reduceByKey((x, y) => (x._1 + y._1, x._2 + y._2)).collect()
    val total = new Array[Double](layout.n)
    val size = new Array[Int](layout.n)
    pairs.foreach { case (label, (t, s)) => total(label) = t; size(label) = s }
    Totals(total, size)
  }

  /** Each person's weight to each neighbouring label (self entries left out), as rows sorted by label. */
  private def neighbourLabels(layout: Layout, graph: RDD[Csr], labels: RDD[Array[Int]]): RDD[Csr] = {
    val messages = graph.zipPartitions(labels) { (a, b) =>
      val csr = a.next()
      val lab = b.next()
      val p = TaskPartition.id
      (0 until csr.rows).iterator.flatMap { r =>
        val j = layout.person(p, r)
        val label = lab(r)
        (csr.offsets(r) until csr.offsets(r + 1)).iterator.filter(e => csr.targets(e) != j)
          .map(e => ((csr.targets(e).toLong << 32) | label.toLong, csr.weights(e)))
      }
    }
    // Combined per (receiver, label) in each task, then moved without Spark's aggregator (no sort); a receiver's
    // remaining duplicates from several tasks are added up when its rows are built.
    LongDoubleMap.combine(messages).partitionBy(new ByPerson(layout.parts)).mapPartitionsWithIndex { (p, it) =>
      Iterator.single(Csr.fromPartition(layout, p, it.map { case (key, w) => ((key >>> 32).toInt, ((key & 0xffffffffL).toInt, w)) }))
    }
  }

  /** A seeded uniform number in [0, 1) for (level, round, person): splitmix64's finaliser. */
  private def uniform(seed: Int, level: Int, round: Int, person: Int): Double = {
    var z = (seed.toLong << 40) ^ (level.toLong << 56) ^ (round.toLong << 32) ^ person.toLong
    z += 0x9e3779b97f4a7c15L
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL
    z ^= z >>> 31
    (z >>> 11).toDouble / (1L << 53).toDouble
  }
}
