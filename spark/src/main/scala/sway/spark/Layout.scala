package sway.spark

import org.apache.spark.HashPartitioner
import org.apache.spark.rdd.RDD

import scala.reflect.ClassTag

/**
 * How people (indices 0..n-1) are spread over partitions: person i lives in partition i mod parts, at row i / parts.
 * That is where Spark's HashPartitioner sends an Int key, so messages reduced with `partitioner` land in the partition
 * that holds their person, and a partition's per-person values are plain arrays indexed by row ("blocks"): no hash
 * maps and no joins between a message and its person's state.
 */
final case class Layout(n: Int, parts: Int) {
  require(parts >= 1, "at least one partition")
  val partitioner = new HashPartitioner(parts)
  /** People in partition p. */
  def rows(p: Int): Int = if (p >= n) 0 else (n - 1 - p) / parts + 1
  def row(person: Int): Int = person / parts
  def person(p: Int, row: Int): Int = p + row * parts

  /** One block per partition, made by `make(partition, rows)`. */
  def blocks[T: ClassTag](sc: org.apache.spark.SparkContext)(make: (Int, Int) => T): RDD[T] =
    sc.parallelize(0 until parts, parts).map(p => make(p, rows(p)))

  /**
   * Sums messages per person into one array a block. Each task first adds up its own messages per person (a primitive
   * hash map), then the sums move without Spark's aggregator, which lets the shuffle write each block's part straight
   * to its file instead of sorting records (measured on epinions: the sort was most of a PageRank iteration).
   */
  def sum(messages: RDD[(Int, Double)]): RDD[Array[Double]] =
    LongDoubleMap.combine(messages.map { case (person, value) => (person.toLong, value) }).map { case (k, v) => (k.toInt, v) }
      .partitionBy(partitioner).mapPartitionsWithIndex { (p, it) =>
        val out = new Array[Double](rows(p))
        it.foreach { case (person, value) => out(row(person)) += value }
        Iterator.single(out)
      }

  /** The value per person of a keyed RDD (one value each, or the default), as one array a block. */
  def collect(values: RDD[(Int, Double)], default: Double): RDD[Array[Double]] =
    values.partitionBy(partitioner).mapPartitionsWithIndex { (p, it) =>
      val out = Array.fill(rows(p))(default)
      it.foreach { case (person, value) => out(row(person)) = value }
      Iterator.single(out)
    }
}

/**
 * Compressed rows of one block: row r (person layout.person(p, r)) has neighbours targets(offsets(r) until
 * offsets(r + 1)), ascending, each with a weight.
 */
final class Csr(val offsets: Array[Int], val targets: Array[Int], val weights: Array[Double]) extends Serializable {
  def rows: Int = offsets.length - 1
  def degree(r: Int): Int = offsets(r + 1) - offsets(r)
  def edges: Int = targets.length

  /** Position of `target` in row r, or -1. */
  def find(r: Int, target: Int): Int = {
    val i = java.util.Arrays.binarySearch(targets, offsets(r), offsets(r + 1), target)
    if (i >= 0) i else -1
  }
}

object Csr {
  /**
   * Builds the rows of every block from (person, (neighbour, weight)) pairs. A repeated (person, neighbour) pair
   * becomes one entry with the weights added (the undirected merge counts a reciprocal pair twice).
   */
  def build(layout: Layout, pairs: RDD[(Int, (Int, Double))]): RDD[Csr] =
    pairs.partitionBy(layout.partitioner).mapPartitionsWithIndex((p, it) => Iterator.single(fromPartition(layout, p, it)))

  /** The rows of partition p from the (person, (neighbour, weight)) pairs that belong to it. */
  def fromPartition(layout: Layout, p: Int, it: Iterator[(Int, (Int, Double))]): Csr = {
    val rows = layout.rows(p)
    val rowBuilder = Array.newBuilder[Int]
    val neighbourBuilder = Array.newBuilder[Int]
    val weightBuilder = Array.newBuilder[Double]
    it.foreach { case (person, (neighbour, weight)) =>
      rowBuilder += layout.row(person)
      neighbourBuilder += neighbour
      weightBuilder += weight
    }
    val rowOf = rowBuilder.result()
    val neighbours = neighbourBuilder.result()
    val given = weightBuilder.result()
    // Counting sort by row; each row then sorted on (neighbour, entry) packed in one long.
    val start = new Array[Int](rows + 1)
    rowOf.foreach(r => start(r + 1) += 1)
    for (r <- 0 until rows) start(r + 1) += start(r)
    val fill = java.util.Arrays.copyOf(start, rows)
    val sorted = new Array[Long](rowOf.length)
    for (i <- rowOf.indices) {
      sorted(fill(rowOf(i))) = (neighbours(i).toLong << 32) | i.toLong
      fill(rowOf(i)) += 1
    }
    val offsets = new Array[Int](rows + 1)
    val targets = new Array[Int](rowOf.length)
    val weights = new Array[Double](rowOf.length)
    var size = 0
    for (r <- 0 until rows) {
      java.util.Arrays.sort(sorted, start(r), start(r + 1))
      var last = -1
      for (k <- start(r) until start(r + 1)) {
        val neighbour = (sorted(k) >>> 32).toInt
        val weight = given((sorted(k) & 0xffffffffL).toInt)
        if (neighbour == last) weights(size - 1) += weight
        else {
          targets(size) = neighbour
          weights(size) = weight
          size += 1
          last = neighbour
        }
      }
      offsets(r + 1) = size
    }
    new Csr(offsets, java.util.Arrays.copyOf(targets, size), java.util.Arrays.copyOf(weights, size))
  }
}

/** An open-addressing map from non-negative longs to sums of doubles, for combining messages inside a task. */
final class LongDoubleMap(initial: Int) {
  private var keys = Array.fill(Integer.highestOneBit(math.max(16, initial) * 2))(-1L)
  private var values = new Array[Double](keys.length)
  var size = 0

  def add(key: Long, value: Double): Unit = {
    if ((size + 1) * 2 > keys.length) grow()
    val mask = keys.length - 1
    var i = (java.lang.Long.hashCode(key * 0x9e3779b97f4a7c15L) & 0x7fffffff) & mask
    while (keys(i) != -1L && keys(i) != key) i = (i + 1) & mask
    if (keys(i) == -1L) {
      keys(i) = key
      size += 1
    }
    values(i) += value
  }

  def iterator: Iterator[(Long, Double)] = keys.indices.iterator.filter(keys(_) != -1L).map(i => (keys(i), values(i)))

  private def grow(): Unit = {
    val oldKeys = keys
    val oldValues = values
    keys = Array.fill(oldKeys.length * 2)(-1L)
    values = new Array[Double](keys.length)
    size = 0
    for (i <- oldKeys.indices if oldKeys(i) != -1L) add(oldKeys(i), oldValues(i))
  }
}

object LongDoubleMap {
  /** Adds up the values of each key within every partition (a map-side combine without Spark's sorting aggregator). */
  def combine(pairs: RDD[(Long, Double)]): RDD[(Long, Double)] = pairs.mapPartitions { it =>
    val map = new LongDoubleMap(1 << 12)
    it.foreach { case (k, v) => map.add(k, v) }
    map.iterator
  }
}
