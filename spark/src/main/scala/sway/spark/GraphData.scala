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
 * (index 0..n-1, each once) and `relationships/` CSV files with `source,target,weight,rating` by person index, "source
 * influences target", rating the target's rating of the source in [-1, 1]; gzip-compressed or not. Sway's own files
 * have no self-loops and no repeated pair; with `dedupe` (a graph Sway did not write) self-loops are dropped and a
 * repeated pair keeps one of its rows.
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
  def load(spark: SparkSession, input: String, parts: Int, dedupe: Boolean): GraphData = {
    val sc = spark.sparkContext
    val peopleRows = spark.read.option("header", "true").option("escape", "\"").option("multiLine", "true")
      .schema("index INT, id STRING, clv DOUBLE, sentiment DOUBLE, customer INT")
      .csv(s"$input/people").rdd
      .map(row => (row.getInt(0), (if (row.isNullAt(1)) row.getInt(0).toString else row.getString(1),
        if (row.isNullAt(2)) Double.NaN else row.getDouble(2),
        if (row.isNullAt(3)) Double.NaN else row.getDouble(3),
        if (row.isNullAt(4)) 255.toByte else row.getInt(4).toByte)))
      .persist(StorageLevel.MEMORY_AND_DISK_SER)
    val count = peopleRows.count()
    val maxIndex = if (count == 0) -1 else peopleRows.map(_._1).max()
    if (count == 0) throw new IllegalArgumentException(s"$input/people: no people")
    if (maxIndex + 1 != count || peopleRows.map(_._1).min() < 0) {
      throw new IllegalArgumentException(s"$input/people: field \"index\" must number the people 0..n-1, each once " +
        s"($count people, largest index $maxIndex)")
    }
    val layout = Layout(count.toInt, parts)
    val people = peopleRows.partitionBy(layout.partitioner).mapPartitionsWithIndex { (p, it) =>
      val rows = layout.rows(p)
      val block = new PeopleBlock(new Array[String](rows), Array.fill(rows)(Double.NaN), Array.fill(rows)(Double.NaN), Array.fill(rows)(255.toByte))
      it.foreach { case (i, (id, clv, sentiment, customer)) =>
        val r = layout.row(i)
        block.ids(r) = id
        block.clv(r) = clv
        block.sentiment(r) = sentiment
        block.customer(r) = customer
      }
      Iterator.single(block)
    }.persist(StorageLevel.MEMORY_AND_DISK)
    val flags = people.map(b => (b.clv.exists(!_.isNaN), b.sentiment.exists(!_.isNaN), b.customer.exists(_ != 255.toByte)))
      .reduce((a, b) => (a._1 || b._1, a._2 || b._2, a._3 || b._3))
    peopleRows.unpersist(blocking = false)

    val n = layout.n
    var edges = spark.read.option("header", "true")
      .schema("source INT, target INT, weight FLOAT, rating FLOAT")
      .csv(s"$input/relationships").rdd
      .map { row =>
        if (row.isNullAt(0) || row.isNullAt(1)) throw new IllegalArgumentException(s"$input/relationships: a row without a source or target")
        val s = row.getInt(0)
        val t = row.getInt(1)
        if (s < 0 || s >= n || t < 0 || t >= n) {
          throw new IllegalArgumentException(s"$input/relationships: person index ${if (s < 0 || s >= n) s else t} is outside 0..${n - 1}")
        }
        (s, t, if (row.isNullAt(2)) 1f else row.getFloat(2), if (row.isNullAt(3)) Float.NaN else row.getFloat(3))
      }
    if (dedupe) {
      edges = edges.filter(e => e._1 != e._2).map(e => ((e._1, e._2), (e._3, e._4))).reduceByKey((_, last) => last)
        .map { case ((s, t), (w, r)) => (s, t, w, r) }
    }
    edges = edges.persist(StorageLevel.MEMORY_AND_DISK_SER)
    val outAdj = Csr.build(layout, edges.map(e => (e._1, (e._2, e._3.toDouble)))).persist(StorageLevel.MEMORY_AND_DISK)
    val inAdj = Csr.build(layout, edges.map(e => (e._2, (e._1, e._3.toDouble)))).persist(StorageLevel.MEMORY_AND_DISK)
    val edgeCount = outAdj.map(_.edges.toLong).sum().toLong
    val ratedCount = edges.filter(e => !e._4.isNaN).count()
    // Ratings in out-edge order: the same rows as outAdj, built the same way from (source, (target, rating)).
    val outRatings = if (ratedCount == 0) outAdj.map(csr => Array.fill(csr.edges)(Float.NaN))
    else Csr.build(layout, edges.map(e => (e._1, (e._2, e._4.toDouble)))).map(_.weights.map(_.toFloat))
    val ratings = outRatings.persist(StorageLevel.MEMORY_AND_DISK)
    ratings.count()
    edges.unpersist(blocking = false)
    new GraphData(layout, edgeCount, people, outAdj, inAdj, ratings, ratedCount > 0, flags._1, flags._2, flags._3)
  }
}
