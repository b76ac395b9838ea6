package sway.spark

import scala.collection.mutable.ArrayBuffer

/**
 * The diffusion models and edge probabilities of graph/algorithms/diffusion/probabilities.ts (Independent Cascade,
 * Linear Threshold; weighted cascade `wc`, `uniform:p`, `weight`), on the in-edges of every person: what reverse-
 * reachable sets are sampled from. Built once on the driver from the blocks and broadcast, so that every executor
 * samples RR sets on its own: 8 bytes an edge plus 20 a person (spark/README.md, "Sizing").
 */
final class DiffusionGraph(val n: Int, val inOffsets: Array[Int], val inSources: Array[Int], val inProbability: Array[Float],
                           val sharedInProbability: Array[Double], val inTotal: Array[Double], val ic: Boolean) extends Serializable

object DiffusionGraph {
  /** `wc`, `weight` or `uniform:p`, as the local engine parses them. */
  def parseProbability(text: String): Either[String, Double] = text.trim match {
    case "wc" => Left("wc")
    case "weight" => Left("weight")
    case t if t.startsWith("uniform:") =>
      val p = t.stripPrefix("uniform:").toDoubleOption.getOrElse(Double.NaN)
      require(p > 0 && p <= 1, s"\"probability\" uniform:p needs 0 < p <= 1, got \"$t\"")
      Right(p)
    case t => throw new IllegalArgumentException(s"\"probability\" must be wc, uniform:p or weight, got \"$t\"")
  }

  def build(g: GraphData, model: String, probability: String): DiffusionGraph = {
    require(model == "ic" || model == "lt", s"\"model\" must be ic or lt, got \"$model\"")
    val choice = parseProbability(probability)
    val ic = model == "ic"
    val n = g.n
    val layout = g.layout
    val blocks = g.inAdj.collect()
    val inOffsets = new Array[Int](n + 1)
    for (i <- 0 until n) inOffsets(i + 1) = inOffsets(i) + blocks(i % layout.parts).degree(layout.row(i))
    val m = inOffsets(n)
    val inSources = new Array[Int](m)
    val inWeights = new Array[Double](m)
    for (i <- 0 until n) {
      val csr = blocks(i % layout.parts)
      val r = layout.row(i)
      System.arraycopy(csr.targets, csr.offsets(r), inSources, inOffsets(i), csr.degree(r))
      System.arraycopy(csr.weights, csr.offsets(r), inWeights, inOffsets(i), csr.degree(r))
    }
    val inProbability = new Array[Float](m)
    val shared = new Array[Double](n)
    val total = new Array[Double](n)
    for (v <- 0 until n) {
      val start = inOffsets(v)
      val end = inOffsets(v + 1)
      val degree = end - start
      if (degree > 0) choice match {
        case Right(p0) if !(ic == false && degree * p0 > 1) =>
          java.util.Arrays.fill(inProbability, start, end, p0.toFloat)
          shared(v) = inProbability(start)
          total(v) = if (ic) degree * inProbability(start).toDouble else math.min(1, degree * inProbability(start).toDouble)
        case Left("weight") =>
          var sum = 0.0
          for (e <- start until end) sum += math.max(0.0, inWeights(e))
          for (e <- start until end) {
            val w = math.max(0.0, inWeights(e))
            inProbability(e) = (if (ic) math.min(1.0, w) else if (sum > 0) w / sum else 0.0).toFloat
          }
          var s = inProbability(start).toDouble
          var acc = 0.0
          for (e <- start until end) {
            acc += inProbability(e)
            if (inProbability(e) != inProbability(start)) s = Double.NaN
          }
          shared(v) = s
          total(v) = if (ic) acc else math.min(1, acc)
        case _ =>
          // wc, or LT with uniform p where in-degree x p exceeds 1: 1 / in-degree.
          java.util.Arrays.fill(inProbability, start, end, (1.0 / degree).toFloat)
          shared(v) = inProbability(start)
          total(v) = if (ic) degree * inProbability(start).toDouble else math.min(1, degree * inProbability(start).toDouble)
      }
    }
    new DiffusionGraph(n, inOffsets, inSources, inProbability, shared, total, ic)
  }
}

/** Walker's alias method in Vose's form, as graph/algorithms/diffusion/alias.ts: roots drawn in proportion to weights. */
final class AliasTable(weights: Array[Double]) extends Serializable {
  val total: Double = weights.filter(_ > 0).sum
  private val positive = weights.indices.filter(i => weights(i) > 0).toArray
  val columns: Int = positive.length
  require(columns > 0, "weights must not all be zero")
  val index: Array[Int] = positive
  val keep = new Array[Double](columns)
  val alias = new Array[Int](columns)
  locally {
    val scaled = positive.map(i => weights(i) * columns / total)
    val small = new Array[Int](columns)
    val large = new Array[Int](columns)
    var smallCount = 0
    var largeCount = 0
    for (c <- 0 until columns) {
      if (scaled(c) < 1) { small(smallCount) = c; smallCount += 1 } else { large(largeCount) = c; largeCount += 1 }
    }
    while (smallCount > 0 && largeCount > 0) {
      smallCount -= 1
      val s = small(smallCount)
      val l = large(largeCount - 1)
      keep(s) = scaled(s)
      alias(s) = index(l)
      scaled(l) = scaled(l) + scaled(s) - 1
      if (scaled(l) < 1) {
        largeCount -= 1
        small(smallCount) = l
        smallCount += 1
      }
    }
    for (c <- small.take(smallCount) ++ large.take(largeCount)) {
      keep(c) = 1
      alias(c) = index(c)
    }
  }

  def draw(u1: Double, u2: Double): Int = {
    val c = math.floor(u1 * columns).toInt
    if (u2 < keep(c)) index(c) else alias(c)
  }
}

/** A collection of RR sets, flat: set i is pool(offsets(i) until offsets(i + 1)), its root first. */
final class RRSets(val offsets: Array[Int], val pool: Array[Int]) extends Serializable {
  def count: Int = offsets.length - 1
  def size: Int = pool.length
}

/**
 * Reverse-reachable sets (Borgs, Brautbar, Chayes and Lucier, SODA 2014), sampled as graph/algorithms/diffusion/rr-sets.ts
 * does: IC by breadth-first search over live in-edges (geometric skipping where a person's in-edges share one
 * probability), LT by a backward random walk. Each sampler has its own seeded stream; executors each run one.
 */
final class RRSampler(graph: DiffusionGraph, roots: AliasTable, seed: Int) {
  private val n = graph.n
  private val visited = new Array[Boolean](n)
  private val logFail: Array[Double] =
    if (!graph.ic) Array.emptyDoubleArray
    else graph.sharedInProbability.map(q => if (q >= 1) Double.NegativeInfinity else if (q > 0) math.log1p(-q) else if (q == 0) 0.0 else Double.NaN)
  private val random = new SwayRandom(seed)

  /** Samples `count` sets; `visit(set)` sees each one's members (root first) in a reused buffer of `length` members. */
  def sample(count: Int)(visit: (Array[Int], Int) => Unit): Unit = {
    var pool = new Array[Int](64)
    val inOffsets = graph.inOffsets
    val inSources = graph.inSources
    for (_ <- 0 until count) {
      val root = if (roots == null) math.floor(random.next() * n).toInt else {
        val u1 = random.next()
        roots.draw(u1, random.next())
      }
      var size = 0
      def push(u: Int): Unit = {
        if (size == pool.length) pool = java.util.Arrays.copyOf(pool, size * 2)
        pool(size) = u
        size += 1
        visited(u) = true
      }
      push(root)
      if (graph.ic) {
        var head = 0
        while (head < size) {
          val v = pool(head)
          head += 1
          val first = inOffsets(v)
          val end = inOffsets(v + 1)
          val lf = if (first == end) 0.0 else logFail(v)
          if (first == end) ()
          else if (lf == Double.NegativeInfinity) {
            for (e <- first until end) if (!visited(inSources(e))) push(inSources(e))
          } else if (lf < 0) {
            var e = first - 1
            var going = true
            while (going) {
              val r = random.nextUint32()
              val gap = math.log((r + 1) * 2.3283064365386963e-10) / lf
              if (gap >= end - e - 1) going = false
              else {
                e += 1 + gap.toInt
                if (!visited(inSources(e))) push(inSources(e))
              }
            }
          } else if (lf.isNaN) {
            for (e <- first until end) {
              val u = inSources(e)
              if (!visited(u)) {
                val r = random.nextUint32()
                if (r < graph.inProbability(e) * 4294967296.0) push(u)
              }
            }
          }
        }
      } else {
        var v = root
        var walking = true
        while (walking) {
          val first = inOffsets(v)
          val degree = inOffsets(v + 1) - first
          if (degree == 0) walking = false
          else {
            val x = random.next()
            if (x >= graph.inTotal(v)) walking = false
            else {
              val q = graph.sharedInProbability(v)
              val e = if (!q.isNaN) {
                val index = math.floor(x / q).toInt
                first + (if (index < degree) index else degree - 1)
              } else {
                var e = first
                var acc = graph.inProbability(e).toDouble
                val last = first + degree - 1
                while (x >= acc && e < last) { e += 1; acc += graph.inProbability(e) }
                e
              }
              val u = inSources(e)
              if (visited(u)) walking = false
              else { push(u); v = u }
            }
          }
        }
      }
      visit(pool, size)
      for (i <- 0 until size) visited(pool(i)) = false
    }
  }
}

object RRSampler {
  /** Sets per sampling task: results depend on the seed and this numbering, not on how many executors there are. */
  val Chunk: Int = 1 << 14

  /** Samples `count` sets in tasks of `Chunk`, numbered from `firstTask`, and returns them in task order. */
  def collect(sc: org.apache.spark.SparkContext, graph: org.apache.spark.broadcast.Broadcast[DiffusionGraph],
              roots: org.apache.spark.broadcast.Broadcast[AliasTable], seed: Int, firstTask: Int, count: Int, slices: Int): RRSets = {
    val tasks = (count + Chunk - 1) / Chunk
    val parts = sc.parallelize(0 until tasks, math.max(1, math.min(tasks, slices))).map { t =>
      val size = math.min(Chunk, count - t * Chunk)
      val offsets = new Array[Int](size + 1)
      val pool = ArrayBuffer.empty[Int]
      var k = 0
      new RRSampler(graph.value, roots.value, SwayRandom.taskSeed(seed, firstTask + t)).sample(size) { (members, length) =>
        var i = 0
        while (i < length) { pool += members(i); i += 1 }
        k += 1
        offsets(k) = pool.length
      }
      (t, offsets, pool.toArray)
    }.collect().sortBy(_._1)
    val offsets = new Array[Int](count + 1)
    val pool = new Array[Int](parts.map(_._3.length.toLong).sum.toInt)
    var set = 0
    var at = 0
    for ((_, o, p) <- parts) {
      for (i <- 1 until o.length) offsets(set + i) = at + o(i)
      System.arraycopy(p, 0, pool, at, p.length)
      set += o.length - 1
      at += p.length
    }
    new RRSets(offsets, pool)
  }
}
