package sway.spark

import org.apache.hadoop.fs.{FileSystem, Path}
import org.apache.spark.SparkConf
import org.apache.spark.rdd.RDD
import org.apache.spark.sql.SparkSession
import org.apache.spark.storage.StorageLevel

import java.nio.charset.StandardCharsets
import scala.collection.mutable

/**
 * The Sway Spark application: `scores` computes score families and writes one row per person; `advocates` selects
 * advocates. Arguments (spark/README.md):
 *
 *   scores|advocates --input URI --output URI --params JSON [--master M] [--partitions N] [--upload DIR] [--download DIR]
 *
 * `--params` holds the families and their options (or the advocate options), as Sway resolves them with the local
 * engine's defaults. `--master` is for runs without spark-submit (java -cp, local mode). For a work folder that Sway's
 * machine cannot write itself (hdfs://, s3a://), the driver (client deploy mode) copies the local folder `--upload` to
 * the input URI first and the output back to the local folder `--download` after. Progress goes to standard output as JSON lines (Progress.scala); the
 * output folder gets `scores/` (CSV, gzip: index, id, then a column per score) or `advocates.json`, and `meta.json`.
 */
object Main {
  val Families: Seq[String] = Seq("influence", "reach", "structure", "communities", "value", "reputation")

  def main(argv: Array[String]): Unit = {
    val code = try {
      run(argv)
      0
    } catch {
      case e: IllegalArgumentException =>
        Progress.emit(Map("sway" -> "error", "kind" -> "options", "message" -> e.getMessage))
        2
      case e: Throwable =>
        // Spark's messages can hold whole stack traces: the first line says what failed; the log has the rest.
        val message = Option(e.getMessage).map(_.linesIterator.take(1).mkString).getOrElse("")
        Progress.emit(Map("sway" -> "error", "kind" -> "failure", "message" -> s"${e.getClass.getName}: $message"))
        e.printStackTrace()
        1
    }
    System.exit(code)
  }

  private def run(argv: Array[String]): Unit = {
    if (argv.isEmpty || !Set("scores", "advocates").contains(argv(0))) {
      throw new IllegalArgumentException("usage: scores|advocates --input URI --output URI --params JSON [--master M] [--partitions N] [--upload DIR] [--download DIR]")
    }
    val task = argv(0)
    val options = argv.drop(1).grouped(2).map {
      case Array(key, value) if key.startsWith("--") => key.drop(2) -> value
      case other => throw new IllegalArgumentException(s"unexpected argument ${other.mkString(" ")}")
    }.toMap
    def required(key: String) = options.getOrElse(key, throw new IllegalArgumentException(s"--$key is required"))
    val input = required("input").stripSuffix("/")
    val output = required("output").stripSuffix("/")
    val params = new Params(Json.parse(options.getOrElse("params", "{}")))

    val conf = new SparkConf().setAppName(s"sway $task")
      .setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
      .setIfMissing("spark.ui.enabled", "false")
      // Every task of these iterative programs is small and its data is cached in place: waiting for locality only adds delay.
      .setIfMissing("spark.locality.wait", "0s")
    options.get("master").foreach(conf.setMaster)
    val spark = SparkSession.builder().config(conf).getOrCreate()
    val sc = spark.sparkContext
    sc.setLogLevel("WARN")
    sc.addSparkListener(new ProgressListener)
    val parts = options.get("partitions").map(_.toInt).getOrElse(math.max(2, sc.defaultParallelism))
    val hadoop = sc.hadoopConfiguration
    options.get("upload").foreach { dir =>
      val target = new Path(input)
      val fs = target.getFileSystem(hadoop)
      fs.delete(target, true)
      fs.copyFromLocalFile(false, true, new Path(s"file://${dir.stripSuffix("/")}"), target)
    }
    val started = System.currentTimeMillis()
    Progress.start("load")
    val graph = GraphData.load(spark, input, parts, params.bool("dedupe", false))
    val loadMs = System.currentTimeMillis() - started
    val common = Map[String, Any]("engine" -> "spark", "sparkVersion" -> spark.version, "master" -> sc.master,
      "partitions" -> parts, "people" -> graph.n, "relationships" -> graph.edgeCount, "loadMs" -> loadMs)
    val meta = task match {
      case "scores" => scores(spark, graph, params, output) ++ common
      case _ => advocates(spark, graph, params, output) ++ common
    }
    writeText(hadoop, s"$output/meta.json", Json.write(meta))
    options.get("download").foreach { dir =>
      val source = new Path(output)
      source.getFileSystem(hadoop).copyToLocalFile(false, source, new Path(s"file://${dir.stripSuffix("/")}"), true)
    }
    Progress.emit(Map("sway" -> "done", "ms" -> (System.currentTimeMillis() - started)))
    spark.stop()
  }

  private def writeText(hadoop: org.apache.hadoop.conf.Configuration, uri: String, text: String): Unit = {
    val path = new Path(uri)
    val out = path.getFileSystem(hadoop).create(path, true)
    try out.write(text.getBytes(StandardCharsets.UTF_8)) finally out.close()
  }

  /** Computes the families asked for, in the registry's order, and writes their columns. */
  private def scores(spark: SparkSession, g: GraphData, params: Params, output: String): Map[String, Any] = {
    val wanted = params.strings("families").toSet
    val unknown = wanted -- Families
    if (unknown.nonEmpty) throw new IllegalArgumentException(s"unknown score family \"${unknown.head}\" (known: ${Families.mkString(", ")})")
    val seed = params.int("seed", 42)
    val columns = mutable.LinkedHashMap.empty[String, RDD[Array[Double]]]
    val summary = mutable.LinkedHashMap.empty[String, Any]
    val durations = mutable.LinkedHashMap.empty[String, Long]
    val slices = math.max(g.layout.parts, spark.sparkContext.defaultParallelism) * 2
    def keep(name: String, column: RDD[Array[Double]]): Unit = {
      column.persist(StorageLevel.MEMORY_AND_DISK).count()
      columns(name) = column
    }
    for (family <- Families if wanted.contains(family)) {
      val started = System.currentTimeMillis()
      Progress.start(family)
      val o = s"options.$family"
      family match {
        case "influence" =>
          val result = PageRank.run(g, params.double(s"$o.damping", 0.85), params.double(s"$o.tolerance", 1e-10),
            params.int(s"$o.maxIterations", 1000), params.bool(s"$o.weighted", false))
          val n = g.n
          keep("influence", result.rank.map(_.map(_ * n)))
          keep("influence_score", PageRank.influenceScore(result.rank))
          keep("pagerank", result.rank)
          summary("pagerankIterations") = result.iterations
          summary("pagerankResidual") = result.residual
          summary("pagerankConverged") = result.converged
        case "reach" =>
          val result = Reach.run(g, params.double(s"$o.exactLimit", 32768), params.int(s"$o.hllPrecision", 12),
            if (params.has(s"$o.hubDegree") || !params.has(o)) Some(params.int(s"$o.hubDegree", 128)) else None)
          keep("audience", result.audience)
          keep("reach2", result.reach2)
          summary("reach2Estimated") = result.estimatedCount
          summary("reach2RelativeError") = result.relativeError
        case "structure" =>
          keep("core", KCore.run(g))
          keep("in_degree", Degrees.count(g.inAdj))
          keep("out_degree", Degrees.count(g.outAdj))
          keep("in_weight", Degrees.weight(g.inAdj))
          keep("out_weight", Degrees.weight(g.outAdj))
          keep("betweenness", Betweenness.run(g, params.int(s"$o.betweennessSamples", 256), seed, normalized = true,
            batchSize = params.int("betweennessBatch", 64)))
        case "communities" =>
          val result = Louvain.run(g, params.double(s"$o.resolution", 1), params.bool(s"$o.weighted", true),
            params.double(s"$o.threshold", 1e-7), seed)
          keep("community", result.community)
          summary("communities") = result.count
          summary("modularity") = result.modularity
          summary("communityMethod") = "Louvain with synchronous local moving (Spark): every person decides in the same " +
            "round from the same communities, a seeded random half of the movers move, lone-to-lone moves only to the " +
            s"smaller label; ${result.levels} levels, ${result.rounds} rounds. The local engine moves people one at a time."
        case "value" =>
          val result = NetworkValue.run(g, params.string(s"$o.model", "ic"), params.string(s"$o.probability", "wc"),
            params.double(s"$o.epsilon", 0.1), params.double(s"$o.delta", 0.01), params.optDouble(s"$o.floor"),
            params.optInt(s"$o.rrSets"), seed, slices)
          keep("clv", result.clv)
          keep("network_value", result.networkValue)
          keep("total_value", result.totalValue)
          keep("spread", result.spread)
          summary ++= result.summary
        case "reputation" =>
          val threshold = params.double(s"$o.detractorThreshold", -0.2)
          require(threshold >= -1 && threshold <= 1, "scores.reputation: \"detractorThreshold\" must be from -1 to 1")
          val result = Reputation.run(g, params.double(s"$o.tolerance", 1e-10), params.int(s"$o.maxIterations", 200))
          val flags = Reputation.detractors(result.goodness, g.people, threshold).persist(StorageLevel.MEMORY_AND_DISK)
          keep("reputation", result.goodness)
          keep("fairness", result.fairness)
          keep("detractor", flags)
          keep("detractor_reach", Reputation.detractorReach(flags, columns.get("spread")))
          summary("reputationIterations") = result.iterations
          summary("reputationChange") = result.change
          summary("reputationConverged") = result.converged
          summary("detractors") = flags.map(_.sum).sum().toLong
      }
      durations(family) = System.currentTimeMillis() - started
    }
    Progress.start("write")
    val started = System.currentTimeMillis()
    writeScores(spark, g, columns, output, params.bool("writeIds", true))
    Map("task" -> "scores", "families" -> Families.filter(wanted.contains), "seed" -> seed, "summary" -> summary,
      "durationsMs" -> durations, "writeMs" -> (System.currentTimeMillis() - started))
  }

  /**
   * One CSV row per person: index, id (empty when Sway knows the ids), then the columns, NaN as an empty field;
   * gzip text files, the header in the first.
   */
  private def writeScores(spark: SparkSession, g: GraphData, columns: mutable.LinkedHashMap[String, RDD[Array[Double]]], output: String,
                          withIds: Boolean): Unit = {
    val header = (Seq("index", "id") ++ columns.keys).mkString(",")
    var rows: RDD[Array[Array[Double]]] = g.people.map(_ => Array.empty[Array[Double]])
    for (column <- columns.values) rows = rows.zipPartitions(column)((a, b) => Iterator.single(a.next() :+ b.next()))
    val layout = g.layout
    val lines = rows.zipPartitions(g.people) { (a, b) =>
      val values = a.next()
      val people = b.next()
      val p = TaskPartition.id
      val body = people.ids.indices.iterator.map { r =>
        val line = new StringBuilder
        line.append(layout.person(p, r)).append(',')
        if (withIds) line.append('"').append(people.ids(r).replace("\"", "\"\"")).append('"')
        values.foreach { c => line.append(','); if (!c(r).isNaN) line.append(text(c(r))) }
        line.toString
      }
      if (p == 0) Iterator.single(header) ++ body else body
    }
    val path = new Path(s"$output/scores")
    path.getFileSystem(spark.sparkContext.hadoopConfiguration).delete(path, true)
    lines.saveAsTextFile(path.toString, classOf[org.apache.hadoop.io.compress.GzipCodec])
  }

  /** Integral values without ".0"; others with Java's shortest round-tripping digits. */
  private def text(x: Double): String = if (x == math.rint(x) && math.abs(x) < 1e15) x.toLong.toString else x.toString

  /** Resolves the constraints, runs OPIM-C with executor-sampled RR sets, writes advocates.json. */
  private def advocates(spark: SparkSession, g: GraphData, params: Params, output: String): Map[String, Any] = {
    val sc = spark.sparkContext
    val started = System.currentTimeMillis()
    Progress.start("selecting")
    val n = g.n
    val layout = g.layout
    val k = params.int("k", 50)
    require(k >= 1, "selectAdvocates: \"k\" must be at least 1")
    val model = params.string("model", "ic")
    val probability = params.string("probability", "wc")
    val epsilon = params.double("epsilon", 0.1)
    require(epsilon > 0 && epsilon <= 0.5, "selectAdvocates: \"epsilon\" must be above 0 and at most 0.5")
    val delta = params.optDouble("delta").getOrElse(1.0 / n)
    val objective = params.string("objective", "reach")
    require(objective == "reach" || objective == "value", "selectAdvocates: \"objective\" must be reach or value")
    val seed = params.int("seed", 42)
    val blocks = g.people.collect()
    def global[T: scala.reflect.ClassTag](f: PeopleBlock => Array[T]): Array[T] = {
      val arrays = blocks.map(f)
      Array.tabulate(n)(i => arrays(i % layout.parts)(layout.row(i)))
    }
    val ids = global(_.ids)
    // People named by index (Sway, which knows the ids) or by id (a graph written elsewhere).
    lazy val indexOf = ids.zipWithIndex.toMap
    def lookup(list: Seq[String], byIndex: Boolean): Array[Int] = list.map { key =>
      if (byIndex) key.toInt
      else indexOf.getOrElse(key, throw new IllegalArgumentException(s"selectAdvocates: unknown person id \"$key\""))
    }.toArray
    val byIndex = params.bool("byIndex", false)
    val columnsFile = params.string("columns", "")
    val (reputation, communities) = if (columnsFile.isEmpty) (null, null) else {
      val rep = Array.fill(n)(Double.NaN)
      val com = Array.fill(n)(Double.NaN)
      sc.textFile(columnsFile).filter(line => line.nonEmpty && !line.startsWith("index,")).map(GraphData.fields).collect().foreach { f =>
        val i = f(0).toInt
        if (f.length > 1 && f(1).nonEmpty) rep(i) = f(1).toDouble
        if (f.length > 2 && f(2).nonEmpty) com(i) = f(2).toDouble
      }
      (if (params.bool("hasReputation", false)) rep else null, if (params.bool("hasCommunities", false)) com else null)
    }
    val mustIds = params.strings("mustInclude")
    val rules = Advocates.resolveRules(n, k, lookup(params.strings("exclude"), byIndex), lookup(mustIds, byIndex), mustIds,
      params.bool("excludeDetractors", false), if (g.hasSentiment) global(_.sentiment) else null, params.double("sentimentBelow", 0),
      reputation, params.double("reputationBelow", 0), params.bool("customersOnly", false),
      if (g.hasCustomer) global(_.customer) else null, communities, params.optInt("capPerCommunity"))
    // Warnings of the selection itself; the constraints' own are in "ruleWarnings" (Sway states them in its words).
    val warnings = mutable.ArrayBuffer.empty[String]
    val clv = global(_.clv).map(x => if (x > 0 && !x.isInfinite) x else 0.0)
    val valuesKnown = clv.exists(_ > 0)
    val roots = if (objective == "value" && valuesKnown) new AliasTable(clv) else null
    if (objective == "value" && !valuesKnown) warnings += "no positive lifetime value is known: every person counts 1, as for reach"
    val weightOf = (v: Int) => if (roots != null) clv(v) else 1.0
    val graph = sc.broadcast(DiffusionGraph.build(g, model, probability))
    val slices = math.max(layout.parts, sc.defaultParallelism) * 2
    val run = Advocates.select(sc, graph, sc.broadcast(roots), if (roots == null) 0 else roots.total, rules, n, epsilon, delta,
      seed, params.int("maxRRSets", 1 << 24), params.int("minRRSets", 1 << 15), Advocates.ownObjectiveLowerBound(rules, weightOf), slices)
    val seeds = run("seeds").asInstanceOf[Array[Int]]
    val curve = run("curve").asInstanceOf[Array[Double]]
    val must = rules.mustInclude.toSet
    val chosen = seeds.indices.map { i =>
      Map("rank" -> (i + 1), "id" -> ids(seeds(i)), "index" -> seeds(i), "mustInclude" -> must.contains(seeds(i)),
        "marginalGain" -> (curve(i) - (if (i > 0) curve(i - 1) else 0.0)), "cumulative" -> curve(i))
    }
    if (!run("met").asInstanceOf[Boolean]) {
      warnings += f"the certified ratio ${run("certifiedRatio").asInstanceOf[Double]}%.3f stayed below the target ${run("targetRatio").asInstanceOf[Double]}%.3f within ${params.int("maxRRSets", 1 << 24)} RR sets"
    }
    val selectionMs = System.currentTimeMillis() - started
    val result = Map(
      "model" -> model, "probability" -> probability, "objective" -> objective, "unit" -> (if (roots != null) "value" else "people"),
      "k" -> k, "advocates" -> chosen, "curve" -> curve.toSeq,
      "guarantee" -> Map("certifiedRatio" -> run("certifiedRatio"), "targetRatio" -> run("targetRatio"), "greedyRatio" -> run("greedyRatio"),
        "met" -> run("met"), "epsilon" -> epsilon, "delta" -> delta, "lowerBound" -> run("lowerBound"), "upperBound" -> run("upperBound"),
        "rounds" -> run("rounds"), "maxRounds" -> run("maxRounds")),
      "rr" -> Map("sets" -> run("rrSets"), "validationSets" -> run("validationRRSets"), "members" -> run("rrMembers"), "bytes" -> run("rrBytes")),
      "excluded" -> rules.excluded, "ruleWarnings" -> rules.warnings, "warnings" -> warnings.toSeq, "timings" -> Map("selectionMs" -> selectionMs))
    writeText(sc.hadoopConfiguration, s"$output/advocates.json", Json.write(result))
    Map("task" -> "advocates", "seed" -> seed, "durationsMs" -> Map("selecting" -> selectionMs))
  }
}
