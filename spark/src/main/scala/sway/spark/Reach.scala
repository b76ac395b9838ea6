package sway.spark

import org.apache.spark.rdd.RDD
import org.apache.spark.storage.StorageLevel

/**
 * HyperLogLog of graph/algorithms/hyperloglog.ts, bit for bit (the same hash of a person index, registers and
 * estimate): relative standard error 1.04 / sqrt(2^p).
 */
object Hll {
  def relativeError(precision: Int): Double = 1.04 / math.sqrt(math.pow(2, precision))

  def hash(x: Int): Int = {
    var h = x ^ 0x9e3779b9
    h = (h ^ (h >>> 16)) * 0x85ebca6b
    h = (h ^ (h >>> 13)) * 0xc2b2ae35
    h ^ (h >>> 16)
  }

  def add(registers: Array[Byte], precision: Int, value: Int): Unit = {
    val h = hash(value)
    val index = h >>> (32 - precision)
    val rest = h << precision
    val rank = if (rest == 0) 33 - precision else Integer.numberOfLeadingZeros(rest) + 1
    if (rank > registers(index)) registers(index) = rank.toByte
  }

  def merge(target: Array[Byte], source: Array[Byte]): Unit = {
    var i = 0
    while (i < target.length) {
      if (source(i) > target(i)) target(i) = source(i)
      i += 1
    }
  }

  def estimate(registers: Array[Byte], precision: Int): Double = {
    val m = 1 << precision
    var sum = 0.0
    var zeros = 0
    for (i <- 0 until m) {
      val r = registers(i)
      sum += java.lang.Math.scalb(1.0, -r)
      if (r == 0) zeros += 1
    }
    val alpha = 0.7213 / (1 + 1.079 / m)
    val estimate = (alpha * m * m) / sum
    if (estimate <= 2.5 * m && zeros > 0) m * StrictMath.log(m.toDouble / zeros) else estimate
  }
}

/**
 * Audience and two-hop reach, the definitions of graph/algorithms/reach.ts: audience(u) = out-degree; reach2(u) = the
 * distinct people within two hops (u excluded), exact when u's two-hop work (the sum of its audience's audiences) is at
 * most `exactLimit`, otherwise a HyperLogLog estimate in which an audience member with more than `hubDegree` people
 * contributes the sketch of its closed neighbourhood. Same people, same hash, same registers: the estimates equal the
 * local engine's when the people are numbered alike (Sway writes its snapshot's numbering).
 *
 * As a Spark program: (1) each person v sends its audience size to the people who influence it, who add up their work;
 * (2) people whose reach is estimated tell their audience so; (3) each v sends to each u that influences it its own
 * audience list (exact u: the list; estimated u: the list, or v's sketch when v is a hub, combined per u before the
 * shuffle). Exact counts use a hash set per person over its received lists.
 */
object Reach {
  final case class Result(audience: RDD[Array[Double]], reach2: RDD[Array[Double]], estimatedCount: Long, relativeError: Double)

  /** An estimated person's partial sketch: registers, and whether u itself may sit in a merged hub sketch. */
  final class Partial(val registers: Array[Byte], var selfInSketch: Boolean) extends Serializable

  /** What v sends to an estimated u: its sketch (hub) or its audience list. */
  final case class ToEstimate(u: Int, v: Int, list: Array[Int], sketch: Array[Byte], uInList: Boolean)

  def run(g: GraphData, exactLimit: Double, precision: Int, hubDegree: Option[Int]): Result = {
    require(precision >= 4 && precision <= 16, "reach: \"hllPrecision\" must be an integer from 4 to 16")
    require(exactLimit >= 0, "reach: \"exactLimit\" must be at least 0")
    val layout = g.layout
    val hub = hubDegree.getOrElse(Int.MaxValue)
    val m = 1 << precision
    val outAdj = g.outAdj
    val inAdj = g.inAdj
    val audience = outAdj.map(csr => Array.tabulate(csr.rows)(r => csr.degree(r).toDouble)).persist(StorageLevel.MEMORY_AND_DISK)

    // (1) work(u) = sum over v in out(u) of |out(v)|, sent by each v along its in-edges.
    val work = layout.sum(inAdj.zipPartitions(outAdj) { (a, b) =>
      val in = a.next()
      val out = b.next()
      (0 until in.rows).iterator.flatMap { r =>
        val size = out.degree(r).toDouble
        (in.offsets(r) until in.offsets(r + 1)).iterator.map(e => (in.targets(e), size))
      }
    }).persist(StorageLevel.MEMORY_AND_DISK)

    // (2) Estimated people tell their audience: v learns which of its influencers want a sketch.
    val estimatedIn = outAdj.zipPartitions(work) { (a, b) =>
      val out = a.next()
      val w = b.next()
      (0 until out.rows).iterator.filter(r => w(r) > exactLimit).flatMap { r =>
        val u = layout.person(TaskPartition.id, r)
        (out.offsets(r) until out.offsets(r + 1)).iterator.map(e => (out.targets(e), (u, 1.0)))
      }
    }
    val estimatedInRows = Csr.build(layout, estimatedIn).persist(StorageLevel.MEMORY_AND_DISK)
    val estimatedCount = work.map(_.count(_ > exactLimit).toLong).sum().toLong

    // (3a) Exact people: every audience member's list, counted distinct with u excluded.
    val exactLists = outAdj.zipPartitions(inAdj, estimatedInRows) { (a, b, c) =>
      val out = a.next()
      val in = b.next()
      val estimated = c.next()
      val p = TaskPartition.id
      (0 until in.rows).iterator.flatMap { r =>
        val v = layout.person(p, r)
        val list = java.util.Arrays.copyOfRange(out.targets, out.offsets(r), out.offsets(r + 1))
        (in.offsets(r) until in.offsets(r + 1)).iterator.filter(e => estimated.find(r, in.targets(e)) < 0).map(e => (in.targets(e), (v, list)))
      }
    }
    val exactCounts = exactLists.repartitionAndSortWithinPartitions(layout.partitioner).mapPartitions { it =>
      val seen = new IntSet(1024)
      val queue = it.buffered
      new Iterator[(Int, Double)] {
        def hasNext: Boolean = queue.hasNext
        def next(): (Int, Double) = {
          val u = queue.head._1
          seen.clear()
          while (queue.hasNext && queue.head._1 == u) {
            val entry = queue.next()
            val v: Int = entry._2._1
            val list: Array[Int] = entry._2._2
            if (v != u) seen.add(v)
            list.foreach(w => if (w != u) seen.add(w))
          }
          (u, seen.size.toDouble)
        }
      }
    }

    // (3b) Estimated people: lists and hub sketches, merged into one sketch per person before the shuffle.
    val toEstimate = outAdj.zipPartitions(estimatedInRows) { (a, b) =>
      val out = a.next()
      val estimated = b.next()
      val p = TaskPartition.id
      (0 until estimated.rows).iterator.filter(r => estimated.degree(r) > 0).flatMap { r =>
        val v = layout.person(p, r)
        val list = java.util.Arrays.copyOfRange(out.targets, out.offsets(r), out.offsets(r + 1))
        val sketch = if (list.length > hub) {
          val registers = new Array[Byte](m)
          Hll.add(registers, precision, v)
          list.foreach(w => Hll.add(registers, precision, w))
          registers
        } else null
        (estimated.offsets(r) until estimated.offsets(r + 1)).iterator.map { e =>
          val u = estimated.targets(e)
          (u, ToEstimate(u, v, if (sketch == null) list else null, sketch,
            sketch != null && java.util.Arrays.binarySearch(list, u) >= 0))
        }
      }
    }
    val absorb = (partial: Partial, message: ToEstimate) => {
      if (message.sketch != null) {
        Hll.merge(partial.registers, message.sketch)
        if (message.uInList) partial.selfInSketch = true
      } else {
        Hll.add(partial.registers, precision, message.v)
        message.list.foreach(w => if (w != message.u) Hll.add(partial.registers, precision, w))
      }
      partial
    }
    val estimates = toEstimate.combineByKey[Partial](
      (message: ToEstimate) => absorb(new Partial(new Array[Byte](m), false), message),
      absorb,
      (a: Partial, b: Partial) => { Hll.merge(a.registers, b.registers); a.selfInSketch ||= b.selfInSketch; a },
      layout.partitioner)
      .map { case (u, partial) => (u, Hll.estimate(partial.registers, precision), partial.selfInSketch) }

    val counted = layout.collect(exactCounts, 0.0)
    val sketched = estimates.map { case (u, estimate, self) => (u, math.round(estimate).toDouble - (if (self) 1 else 0)) }
    val reach2 = counted.zipPartitions(layout.collect(sketched, Double.NaN), audience) { (a, b, c) =>
      val exact = a.next()
      val estimated = b.next()
      val size = c.next()
      Iterator.single(Array.tabulate(exact.length)(r => if (estimated(r).isNaN) exact(r) else math.max(size(r), estimated(r))))
    }.persist(StorageLevel.MEMORY_AND_DISK)
    reach2.count()
    work.unpersist(blocking = false)
    estimatedInRows.unpersist(blocking = false)
    Result(audience, reach2, estimatedCount, Hll.relativeError(precision))
  }
}

/** The partition a task works on, for code inside zipPartitions (which does not pass it). */
object TaskPartition {
  def id: Int = org.apache.spark.TaskContext.getPartitionId()
}

/** An open-addressing set of non-negative ints, cleared in time proportional to what it held. */
final class IntSet(initial: Int) {
  private var slots = Array.fill(Integer.highestOneBit(math.max(16, initial) * 2))(-1)
  private var used = new Array[Int](16)
  var size = 0

  def add(x: Int): Unit = {
    if ((size + 1) * 2 > slots.length) grow()
    val mask = slots.length - 1
    var i = Hll.hash(x) & mask
    while (slots(i) != -1) {
      if (slots(i) == x) return
      i = (i + 1) & mask
    }
    slots(i) = x
    if (size == used.length) used = java.util.Arrays.copyOf(used, size * 2)
    used(size) = i
    size += 1
  }

  def clear(): Unit = {
    for (k <- 0 until size) slots(used(k)) = -1
    size = 0
  }

  private def grow(): Unit = {
    val old = (0 until size).map(k => slots(used(k)))
    slots = Array.fill(slots.length * 2)(-1)
    size = 0
    old.foreach(add)
  }
}
