package sway.spark

import org.apache.spark.rdd.RDD
import org.apache.spark.storage.StorageLevel

/**
 * Customer network value and spread, the definitions and error bound of graph/algorithms/diffusion/network-value.ts
 * (Domingos and Richardson, KDD 2001, estimated with RR sets, Borgs et al. SODA 2014): theta = (2 + 2 eps / 3)
 * ln(2 / delta) n / (eps^2 floor) RR sets with uniform roots give spread(v) = 1 + n x (sets v is in, not as the root) /
 * theta; as many with roots drawn in proportion to lifetime value give network value = total value x the same
 * fraction. With probability 1 - delta each, a person's reach beyond themself is within eps when it is at least
 * `floor` people, within eps x floor otherwise.
 *
 * As a Spark program: the sets are sampled by executors, 16,384 a task, each task with its own seeded stream; each
 * task counts its sets' members into an array and sends the non-zero counts to the people's blocks.
 */
object NetworkValue {
  final case class Result(clv: RDD[Array[Double]], networkValue: RDD[Array[Double]], totalValue: RDD[Array[Double]],
                          spread: RDD[Array[Double]], summary: Map[String, Any])

  def run(g: GraphData, model: String, probability: String, epsilon: Double, delta: Double, floorOption: Option[Double],
          rrSetsOption: Option[Int], seed: Int, slices: Int): Result = {
    require(epsilon > 0 && epsilon <= 1, "value: \"epsilon\" must be above 0 and at most 1")
    require(delta > 0 && delta <= 1, "value: \"delta\" must be above 0 and at most 1")
    val sc = g.sc
    val layout = g.layout
    val n = g.n
    val floor = floorOption.getOrElse(math.max(10, n / 1000.0))
    require(floor > 0, "value: \"floor\" must be above 0")
    val theta = rrSetsOption.getOrElse(math.ceil(((2 + (2 * epsilon) / 3) * math.log(2 / delta) * n) / (epsilon * epsilon * floor)).toInt)
    require(theta >= 1, "value: \"rrSets\" must be at least 1")

    val graph = sc.broadcast(DiffusionGraph.build(g, model, probability))
    val weights = g.people.map(_.clv.map(x => if (x > 0 && !x.isInfinite) x else 0.0)).persist(StorageLevel.MEMORY_AND_DISK)
    val valuesKnown = g.hasClv && weights.map(_.exists(_ > 0)).reduce(_ || _)
    val clv = if (valuesKnown) g.people.map(_.clv.clone()) else g.people.map(b => Array.fill(b.ids.length)(1.0))
    val seeder = new SwayRandom(seed)
    val spreadSeed = seeder.nextInt32()
    val valueSeed = seeder.nextInt32()
    val phases = if (valuesKnown) 2 else 1

    val spreadCounts = counts(g, graph, null, spreadSeed, theta, slices)
    Progress.fraction(1.0 / phases)
    val spread = spreadCounts.map(_.map(c => 1 + (n * c) / theta)).persist(StorageLevel.MEMORY_AND_DISK)
    val (network, total) = if (valuesKnown) {
      val w = weights.collect()
      val global = new Array[Double](n)
      for (i <- 0 until n) global(i) = w(i % layout.parts)(layout.row(i))
      val roots = new AliasTable(global)
      val valueCounts = counts(g, graph, sc.broadcast(roots), valueSeed, theta, slices)
      val network = valueCounts.map(_.map(c => (roots.total * c) / theta)).persist(StorageLevel.MEMORY_AND_DISK)
      val total = network.zipPartitions(weights) { (a, b) =>
        val nv = a.next()
        val own = b.next()
        Iterator.single(Array.tabulate(nv.length)(r => own(r) + nv(r)))
      }
      (network, total)
    } else (spread.map(_.map(_ - 1)), spread.map(_.map(s => 1 + (s - 1))))
    Progress.fraction(1.0)

    val description = describe(model, probability)
    val floorText = if (floor == math.rint(floor)) floor.toLong.toString else f"$floor%.3g"
    val summary = Map[String, Any](
      "valueModel" -> description,
      "valueRRSets" -> theta,
      "valueRelativeError" -> epsilon,
      "valueErrorProbability" -> delta,
      "valueErrorFloor" -> floor,
      "valueLifetimeValuesKnown" -> valuesKnown,
      "valueSampling" -> s"RR sets sampled on executors, ${RRSampler.Chunk} a task; floor $floorText people")
    Result(clv, network, total, spread, summary)
  }

  /** Per person: the sets among `theta` they belong to other than as the root. */
  private def counts(g: GraphData, graph: org.apache.spark.broadcast.Broadcast[DiffusionGraph],
                     roots: org.apache.spark.broadcast.Broadcast[AliasTable], seed: Int, theta: Int, slices: Int): RDD[Array[Double]] = {
    val n = g.n
    val tasks = (theta + RRSampler.Chunk - 1) / RRSampler.Chunk
    val rootsValue = roots
    val memberships = g.sc.parallelize(0 until tasks, math.max(1, math.min(tasks, slices))).mapPartitions { it =>
      val count = new Array[Int](n)
      it.foreach { t =>
        val size = math.min(RRSampler.Chunk, theta - t * RRSampler.Chunk)
        new RRSampler(graph.value, if (rootsValue == null) null else rootsValue.value, SwayRandom.taskSeed(seed, t)).sample(size) { (members, length) =>
          var i = 1
          while (i < length) { count(members(i)) += 1; i += 1 }
        }
      }
      count.indices.iterator.filter(count(_) > 0).map(v => (v, count(v).toDouble))
    }
    val result = g.layout.sum(memberships).persist(StorageLevel.MEMORY_AND_DISK)
    result.count()
    result
  }

  /** describeDiffusion of graph/algorithms/diffusion/probabilities.ts. */
  def describe(model: String, probability: String): String = {
    val name = if (model == "ic") "Independent Cascade" else "Linear Threshold"
    DiffusionGraph.parseProbability(probability) match {
      case Left("wc") => s"$name, weighted cascade: p(u,v) = 1 / in-degree(v)"
      case Right(p) =>
        val text = probability.trim.stripPrefix("uniform:")
        if (model == "ic") s"$name, uniform p = $text on every edge"
        else s"$name, uniform weight $text (scaled to 1 / in-degree(v) where in-degree(v) x p > 1)"
      case _ =>
        if (model == "ic") s"$name, p(u,v) = relationship weight clipped to [0, 1]"
        else s"$name, p(u,v) = w(u,v) / sum of the weights into v"
    }
  }
}
