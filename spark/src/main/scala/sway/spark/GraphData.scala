package sway.spark

import org.apache.spark.rdd.RDD
import org.apache.spark.sql.SparkSession
import org.apache.spark.storage.StorageLevel

/** Per-person attributes of one block: ids, lifetime value and sentiment (NaN unknown), customer (1, 0, 255 unknown). */
final class PeopleBlock(val ids: Array[String], val clv: Array[Double], val sentiment: Array[Double], val customer: Array[Byte])
  extends Serializable

/**
 * The influence graph as Spark holds it: people spread over partitions by index (Layout), relationships as compressed
 * rows by source (out: whom a person influences) and by target (in: who influences a person), as the local engine's
 * snapshot holds them, and the undirected merge (k-core, Louvain) and ratings built when a family asks for them.
 *
 * Input, as Sway writes it (spark/README.md): `people/` CSV files with a header `index,id,clv,sentiment,customer`
 * (index 0..n-1, each once; id may be empty, clv, sentiment and customer 1/0 may be empty) and `relationships/` CSV
 * files with `source,target,weight,rating` by person index, "source influences target", weight empty for 1, rating
 * the target's rating of the source in [-1, 1] or empty; gzip-compressed or not. Sway's own files have no
 * self-loops and no repeated pair; with `dedupe` (a graph Sway did not write) self-loops are dropped and a repeated
 * pair keeps one of its rows.
 */
final class GraphData(val layout: Layout, val edgeCount: Long, val people: RDD[PeopleBlock], val outAdj: RDD[Csr],
                      val inAdj: RDD[Csr], val outRatings: RDD[Array[Float]], val hasRatings: Boolean,
                      val hasClv: Boolean, val hasSentiment: Boolean, val hasCustomer: Boolean) {
  def n: Int = layout.n
  def sc = people.sparkContext

  /** The underlying undirected graph: u ~ v when either influences the other; weight per direction (or 1). */
  def undirected(weighted: Boolean): RDD[Csr] = {
    val layout = this.layout
    val pairs = outAdj.mapPartitionsWithIndex { (p, it) =>
      val csr = it.next()
      (0 until csr.rows).iterator.flatMap { r =>
        val u = layout.person(p, r)
        (csr.offsets(r) until csr.offsets(r + 1)).iterator.flatMap { e =>
          val w = if (weighted) csr.weights(e) else 1.0
          Iterator((u, (csr.targets(e), w)), (csr.targets(e), (u, w)))
        }
      }
    }
    Csr.build(layout, pairs)
  }

  /** Ratings as rows: by rater ("given": rater -> ratee, rating) and by ratee ("received": ratee -> rater, rating). */
  def ratings(): (RDD[Csr], RDD[Csr]) = {
    val layout = this.layout
    val rated = outAdj.zipPartitions(outRatings) { (a, b) =>
      val csr = a.next()
      val ratings = b.next()
      Iterator.single((csr, ratings))
    }.mapPartitionsWithIndex { (p, it) =>
      val (csr, ratings) = it.next()
      // The snapshot keeps a rating on the influence edge ratee -> rater (the listener rates the speaker).
      (0 until csr.rows).iterator.flatMap { r =>
        val ratee = layout.person(p, r)
        (csr.offsets(r) until csr.offsets(r + 1)).iterator.filter(e => !ratings(e).isNaN).map(e => (csr.targets(e), ratee, ratings(e).toDouble))
      }
    }.persist(StorageLevel.MEMORY_AND_DISK_SER)
    val given = Csr.build(layout, rated.map { case (rater, ratee, rating) => (rater, (ratee, rating)) })
    val received = Csr.build(layout, rated.map { case (rater, ratee, rating) => (ratee, (rater, rating)) })
    (given, received)
  }
}

object GraphData {
  /**
   * Splits one CSV line into its fields: commas separate, a field may be quoted with doubled quotes inside (RFC 4180;
   * a quoted field cannot span lines). Read with plain text files rather than Spark SQL's CSV source: the graph is
   * numbers and the application needs no query planning, which costs seconds per file in local mode.
   */
  def fields(line: String): Array[String] = {
    if (line.indexOf('"') < 0) return line.split(",", -1)
    val out = Array.newBuilder[String]
    val field = new StringBuilder
    var i = 0
    var quoted = false
    while (i < line.length) {
      val c = line.charAt(i)
      if (quoted) {
        if (c == '"' && i + 1 < line.length && line.charAt(i + 1) == '"') { field += '"'; i += 1 }
        else if (c == '"') quoted = false
        else field += c
      } else if (c == '"') quoted = true
      else if (c == ',') { out += field.toString; field.clear() }
      else field += c
      i += 1
    }
    out += field.toString
    out.result()
  }

  private def number(text: String, default: Double): Double = if (text == null || text.isEmpty) default else text.toDouble

  def load(spark: SparkSession, input: String, parts: Int, dedupe: Boolean): GraphData = {
    val sc = spark.sparkContext
    val peopleRows = sc.textFile(s"$input/people").filter(line => line.nonEmpty && !line.startsWith("index,")).map { line =>
      val f = fields(line)
      val index = try f(0).toInt catch {
        case _: NumberFormatException => throw new IllegalArgumentException(s"$input/people: field \"index\" must be a whole number, got \"${f(0)}\"")
      }
      def at(i: Int) = if (i < f.length) f(i) else ""
      (index, (if (at(1).isEmpty) null else at(1), number(at(2), Double.NaN), number(at(3), Double.NaN),
        if (at(4).isEmpty) 255.toByte else at(4).toInt.toByte))
    }.persist(StorageLevel.MEMORY_AND_DISK_SER)
    // One pass: how many, the smallest and largest index, and which attributes anyone has.
    val (count, minIndex, maxIndex, hasClv, hasSentiment, hasCustomer) = peopleRows.aggregate((0L, Int.MaxValue, -1, false, false, false))(
      { case ((c, lo, hi, a, b, d), (i, (_, clv, sentiment, customer))) =>
        (c + 1, math.min(lo, i), math.max(hi, i), a || !clv.isNaN, b || !sentiment.isNaN, d || customer != 255.toByte) },
      { case ((c1, lo1, hi1, a1, b1, d1), (c2, lo2, hi2, a2, b2, d2)) =>
        (c1 + c2, math.min(lo1, lo2), math.max(hi1, hi2), a1 || a2, b1 || b2, d1 || d2) })
    if (count == 0) throw new IllegalArgumentException(s"$input/people: no people")
    if (maxIndex + 1 != count || minIndex != 0) {
      throw new IllegalArgumentException(s"$input/people: field \"index\" must number the people 0..n-1, each once " +
        s"($count people, indices $minIndex to $maxIndex)")
    }
    val layout = Layout(count.toInt, parts)
    val people = peopleRows.partitionBy(layout.partitioner).mapPartitionsWithIndex { (p, it) =>
      val rows = layout.rows(p)
      val block = new PeopleBlock(new Array[String](rows), Array.fill(rows)(Double.NaN), Array.fill(rows)(Double.NaN), Array.fill(rows)(255.toByte))
      it.foreach { case (i, (id, clv, sentiment, customer)) =>
        val r = layout.row(i)
        // Sway writes no ids (it knows them); a graph written elsewhere names its people.
        block.ids(r) = if (id == null) i.toString else id
        block.clv(r) = clv
        block.sentiment(r) = sentiment
        block.customer(r) = customer
      }
      Iterator.single(block)
    }.persist(StorageLevel.MEMORY_AND_DISK)

    val n = layout.n
    var edges = sc.textFile(s"$input/relationships").filter(line => line.nonEmpty && !line.startsWith("source,")).map { line =>
      val f = fields(line)
      def at(i: Int) = if (i < f.length) f(i) else ""
      val (s, t) = try (f(0).toInt, at(1).toInt) catch {
        case _: NumberFormatException => throw new IllegalArgumentException(s"$input/relationships: fields \"source\" and \"target\" must be person indices, got \"$line\"")
      }
      if (s < 0 || s >= n || t < 0 || t >= n) {
        throw new IllegalArgumentException(s"$input/relationships: person index ${if (s < 0 || s >= n) s else t} is outside 0..${n - 1}")
      }
      // Weights and ratings are single precision, as the local engine's snapshot holds them.
      (s, t, number(at(2), 1).toFloat, number(at(3), Double.NaN).toFloat)
    }
    if (dedupe) {
      edges = edges.filter(e => e._1 != e._2).map(e => ((e._1, e._2), (e._3, e._4))).reduceByKey((_, last) => last)
        .map { case ((s, t), (w, r)) => (s, t, w, r) }
    }
    edges = edges.persist(StorageLevel.MEMORY_AND_DISK_SER)
    val (edgeCount, ratedCount) = edges.aggregate((0L, 0L))((acc, e) => (acc._1 + 1, acc._2 + (if (e._4.isNaN) 0 else 1)),
      (a, b) => (a._1 + b._1, a._2 + b._2))
    val outAdj = Csr.build(layout, edges.map(e => (e._1, (e._2, e._3.toDouble)))).persist(StorageLevel.MEMORY_AND_DISK)
    val inAdj = Csr.build(layout, edges.map(e => (e._2, (e._1, e._3.toDouble)))).persist(StorageLevel.MEMORY_AND_DISK)
    // Ratings in out-edge order: the same rows as outAdj, built the same way from (source, (target, rating)).
    val outRatings = (if (ratedCount == 0) outAdj.map(csr => Array.fill(csr.edges)(Float.NaN))
    else Csr.build(layout, edges.map(e => (e._1, (e._2, e._4.toDouble)))).map(_.weights.map(_.toFloat))).persist(StorageLevel.MEMORY_AND_DISK)
    // Build the rows now, so that the edges can go.
    outAdj.zipPartitions(inAdj, outRatings)((a, b, c) => Iterator.single(a.next().edges + b.next().edges + c.next().length)).count()
    edges.unpersist(blocking = false)
    peopleRows.unpersist(blocking = false)
    new GraphData(layout, edgeCount, people, outAdj, inAdj, outRatings, ratedCount > 0, hasClv, hasSentiment, hasCustomer)
  }
}
