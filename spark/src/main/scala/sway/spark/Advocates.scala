package sway.spark

import org.apache.spark.broadcast.Broadcast

import scala.collection.mutable.ArrayBuffer

/**
 * Advocate selection, the algorithm and constraints of graph/algorithms/advocates (select.ts, opim-c.ts,
 * max-coverage.ts, rules.ts): OPIM-C (Tang, Tang, Xiao and Yuan, SIGMOD 2018) with two collections of RR sets,
 * R1 to select on and R2 to validate with, doubled each round until the certified ratio reaches greedyRatio - epsilon.
 * The RR sets are sampled by executors (16,384 a task, each task seeded); the greedy maximum coverage and the bounds run
 * on the driver, which holds the sets as the local engine does. The Monte Carlo evaluation of the selection is Sway's
 * (it runs the same evaluation as for a local selection).
 */
object Advocates {
  final class Rules(val eligible: Array[Boolean], val mustInclude: Array[Int], val k: Int, val community: Array[Int],
                    val cap: Double, val candidates: Int, val excluded: Map[String, Int], val warnings: Seq[String])

  final case class Greedy(seeds: Array[Int], marginal: Array[Int], covered: Int, upperBound: Double)

  def logChoose(n: Int, k: Int): Double = {
    if (k < 0 || k > n) return 0
    val kk = math.min(k, n - k)
    var sum = 0.0
    for (i <- 0 until kk) sum += math.log((n - i).toDouble / (kk - i))
    sum
  }

  /** rules.ts: constraints by index; `where` prefixes errors as the local engine's do. */
  def resolveRules(n: Int, k: Int, excludeIdx: Array[Int], mustIdx: Array[Int], mustIds: Seq[String],
                   excludeDetractors: Boolean, sentiment: Array[Double], sentimentBelow: Double,
                   reputation: Array[Double], reputationBelow: Double, customersOnly: Boolean, customer: Array[Byte],
                   communities: Array[Double], capOption: Option[Int]): Rules = {
    val where = "selectAdvocates"
    val warnings = ArrayBuffer.empty[String]
    val eligible = Array.fill(n)(true)
    val explicit = new Array[Boolean](n)
    excludeIdx.foreach(explicit(_) = true)
    var explicitCount = 0
    for (v <- 0 until n if explicit(v)) { eligible(v) = false; explicitCount += 1 }
    var detractors = 0
    if (excludeDetractors) {
      if (sentiment == null && reputation == null) warnings += "no sentiment or reputation is known: nobody was excluded as a detractor"
      for (v <- 0 until n) {
        val bySentiment = sentiment != null && sentiment(v) < sentimentBelow
        val byReputation = reputation != null && reputation(v) < reputationBelow
        if (bySentiment || byReputation) { eligible(v) = false; detractors += 1 }
      }
    }
    var nonCustomers = 0
    if (customersOnly) {
      if (customer == null) throw new IllegalArgumentException(s"$where: \"customersOnly\": nobody is marked as a customer or not")
      for (v <- 0 until n if customer(v) != 1) { eligible(v) = false; nonCustomers += 1 }
    }
    val must = ArrayBuffer.empty[Int]
    val isMust = new Array[Boolean](n)
    for ((v, id) <- mustIdx.zip(mustIds) if !isMust(v)) {
      if (explicit(v)) throw new IllegalArgumentException(s"$where: person \"$id\" is both excluded and must-include")
      if (!eligible(v)) warnings += s"person \"$id\" is a detractor or not a customer but must be included: included"
      isMust(v) = true
      must += v
    }
    if (must.length > k) throw new IllegalArgumentException(s"$where: ${must.length} must-include people exceed k = $k")
    var cap = Double.PositiveInfinity
    capOption.foreach { c =>
      if (c < 1) throw new IllegalArgumentException(s"$where: \"capPerCommunity\" must be at least 1, got $c")
      if (communities == null) throw new IllegalArgumentException(s"$where: \"capPerCommunity\" needs \"communities\"")
      cap = c
    }
    var community: Array[Int] = null
    if (communities != null) {
      val seen = scala.collection.mutable.HashMap.empty[Double, Int]
      community = communities.map(label => if (label.isNaN) -1 else seen.getOrElseUpdate(label, seen.size))
      if (!cap.isInfinite) {
        val chosen = scala.collection.mutable.HashMap.empty[Int, Int]
        for (v <- must if community(v) >= 0) {
          chosen(community(v)) = chosen.getOrElse(community(v), 0) + 1
          if (chosen(community(v)) > cap) {
            throw new IllegalArgumentException(s"$where: must-include people put more than ${cap.toInt} advocates in community ${Json.write(communities(v))}")
          }
        }
      }
    }
    var candidates = 0
    for (v <- 0 until n if eligible(v) && !isMust(v)) candidates += 1
    if (candidates + must.length < k) warnings += s"only ${candidates + must.length} people may be chosen: fewer than k = $k advocates"
    new Rules(eligible, must.toArray, k, community, cap, candidates,
      Map("explicit" -> explicitCount, "detractors" -> detractors, "nonCustomers" -> nonCustomers), warnings.toSeq)
  }

  /** coverage-index.ts: for each person, the sets that contain them. */
  final class CoverageIndex(n: Int, rr: RRSets) {
    val offsets = new Array[Int](n + 1)
    rr.pool.foreach(v => offsets(v + 1) += 1)
    for (v <- 0 until n) offsets(v + 1) += offsets(v)
    val sets = new Array[Int](rr.size)
    locally {
      val cursor = java.util.Arrays.copyOf(offsets, n)
      for (s <- 0 until rr.count; i <- rr.offsets(s) until rr.offsets(s + 1)) {
        sets(cursor(rr.pool(i))) = s
        cursor(rr.pool(i)) += 1
      }
    }
    def bytes: Long = 4L * (offsets.length + sets.length)
  }

  /** max-coverage.ts: the bucketed exact greedy and OPIM-C's upper bound (partition-matroid caps included). */
  def greedyMaxCoverage(rr: RRSets, index: CoverageIndex, rules: Rules): Greedy = {
    val n = index.offsets.length - 1
    val capped = rules.community != null && !rules.cap.isInfinite
    val coverage = Array.tabulate(n)(v => index.offsets(v + 1) - index.offsets(v))
    val maxCoverage = if (n == 0) 0 else coverage.max
    val bucketHead = Array.fill(maxCoverage + 1)(-1)
    val next = new Array[Int](n)
    val prev = new Array[Int](n)
    val inQueue = new Array[Boolean](n)
    val isMust = new Array[Boolean](n)
    rules.mustInclude.foreach(isMust(_) = true)
    def link(v: Int, c: Int): Unit = {
      val h = bucketHead(c)
      next(v) = h
      prev(v) = -1
      if (h >= 0) prev(h) = v
      bucketHead(c) = v
    }
    def unlink(v: Int, c: Int): Unit = {
      if (prev(v) >= 0) next(prev(v)) = next(v) else bucketHead(c) = next(v)
      if (next(v) >= 0) prev(next(v)) = prev(v)
    }
    for (v <- 0 until n if rules.eligible(v) && !isMust(v)) { inQueue(v) = true; link(v, coverage(v)) }
    var top = maxCoverage
    val coveredSet = new Array[Boolean](rr.count)
    val seeds = ArrayBuffer.empty[Int]
    val marginal = ArrayBuffer.empty[Int]
    var covered = 0
    def take(v: Int): Unit = {
      if (inQueue(v)) { unlink(v, coverage(v)); inQueue(v) = false }
      var gained = 0
      for (i <- index.offsets(v) until index.offsets(v + 1)) {
        val s = index.sets(i)
        if (!coveredSet(s)) {
          coveredSet(s) = true
          gained += 1
          for (j <- rr.offsets(s) until rr.offsets(s + 1)) {
            val w = rr.pool(j)
            val c = coverage(w)
            coverage(w) -= 1
            if (inQueue(w)) { unlink(w, c); link(w, c - 1) }
          }
        }
      }
      seeds += v
      marginal += gained
      covered += gained
    }
    val communityCount = if (capped) rules.community.max + 1 else 0
    val chosenIn = new Array[Int](communityCount)
    val allowance = new Array[Int](communityCount)
    val used = new Array[Int](communityCount)
    for (m <- rules.mustInclude) {
      take(m)
      if (capped && rules.community(m) >= 0) chosenIn(rules.community(m)) += 1
    }
    if (capped) for (c <- 0 until communityCount) allowance(c) = math.max(0, rules.cap.toInt - chosenIn(c))
    val freeSlots = math.max(0, rules.k - rules.mustInclude.length)
    def bestCompletion(): Double = {
      var sum = 0.0
      var taken = 0
      if (capped) java.util.Arrays.fill(used, 0)
      var c = top
      while (c > 0 && taken < freeSlots) {
        var v = bucketHead(c)
        while (v >= 0 && taken < freeSlots) {
          val g = if (capped) rules.community(v) else -1
          if (!(capped && g >= 0 && used(g) >= allowance(g))) {
            if (capped && g >= 0) used(g) += 1
            sum += c
            taken += 1
          }
          v = next(v)
        }
        c -= 1
      }
      sum
    }
    def bestAllowed(): Int = {
      var c = top
      while (c >= 0) {
        var v = bucketHead(c)
        while (v >= 0) {
          if (!capped) return v
          val g = rules.community(v)
          if (g < 0 || chosenIn(g) < rules.cap) return v
          v = next(v)
        }
        c -= 1
      }
      -1
    }
    var upperBound = Double.PositiveInfinity
    var step = 0
    var stop = false
    while (step < freeSlots && !stop) {
      while (top > 0 && bucketHead(top) < 0) top -= 1
      upperBound = math.min(upperBound, covered + bestCompletion())
      val v = bestAllowed()
      if (v < 0) stop = true
      else {
        take(v)
        if (capped && rules.community(v) >= 0) chosenIn(rules.community(v)) += 1
        step += 1
      }
    }
    while (top > 0 && bucketHead(top) < 0) top -= 1
    upperBound = math.min(upperBound, covered + bestCompletion())
    Greedy(seeds.toArray, marginal.toArray, covered, upperBound)
  }

  def coveredCount(rr: RRSets, marked: Array[Boolean]): Int = {
    var covered = 0
    for (s <- 0 until rr.count) {
      var i = rr.offsets(s)
      var hit = false
      while (!hit && i < rr.offsets(s + 1)) { hit = marked(rr.pool(i)); i += 1 }
      if (hit) covered += 1
    }
    covered
  }

  def append(a: RRSets, b: RRSets): RRSets = {
    if (a.count == 0) return b
    val offsets = new Array[Int](a.count + b.count + 1)
    System.arraycopy(a.offsets, 0, offsets, 0, a.count + 1)
    for (i <- 1 to b.count) offsets(a.count + i) = a.size + b.offsets(i)
    val pool = new Array[Int](a.size + b.size)
    System.arraycopy(a.pool, 0, pool, 0, a.size)
    System.arraycopy(b.pool, 0, pool, a.size, b.size)
    new RRSets(offsets, pool)
  }

  /** select.ts reachCurve: on the validation sets, the objective of the first i + 1 seeds. */
  def reachCurve(rr: RRSets, seeds: Array[Int], n: Int, scale: Double): Array[Double] = {
    val rank = Array.fill(n)(-1)
    seeds.zipWithIndex.foreach { case (v, i) => rank(v) = i }
    val firstHits = new Array[Double](seeds.length)
    for (s <- 0 until rr.count) {
      var best = seeds.length
      for (i <- rr.offsets(s) until rr.offsets(s + 1)) { val r = rank(rr.pool(i)); if (r >= 0 && r < best) best = r }
      if (best < seeds.length) firstHits(best) += 1
    }
    var cumulative = 0.0
    firstHits.map { hits => cumulative += hits; (cumulative * scale) / rr.count }
  }

  /** The selection: OPIM-C rounds with sets sampled on executors. Returns the fields of select.ts's result. */
  def select(sc: org.apache.spark.SparkContext, graph: Broadcast[DiffusionGraph], roots: Broadcast[AliasTable],
             rootsTotal: Double, rules: Rules, n: Int, epsilon: Double, delta: Double, seed: Int, maxRRSets: Int,
             minRRSets: Int, optimumLowerBound: Double, slices: Int): Map[String, Any] = {
    val scale = if (roots.value != null) rootsTotal else n.toDouble
    val freeSlots = math.max(0, math.min(rules.k - rules.mustInclude.length, rules.candidates))
    val capped = rules.community != null && !rules.cap.isInfinite
    val greedyRatio = if (capped) 0.5 else 1 - 1 / math.E
    val trivial = freeSlots == 0 || (!capped && rules.candidates <= rules.k - rules.mustInclude.length)
    val logTerm = math.log(6 / delta)
    val alpha = math.sqrt(logTerm)
    val beta = math.sqrt(greedyRatio * (logChoose(rules.candidates, freeSlots) + logTerm))
    val theta0 = math.ceil(2 * math.pow(greedyRatio * alpha + beta, 2))
    val thetaTheory = (theta0 * scale) / (epsilon * epsilon * math.max(optimumLowerBound, 1e-300))
    val first = math.min(maxRRSets.toDouble, math.max(math.max(1.0, theta0), minRRSets.toDouble))
    val thetaMax = math.min(maxRRSets.toDouble, math.max(first, thetaTheory))
    val maxRounds = math.ceil(math.log(thetaMax / first) / math.log(2)).toInt + 1
    // opim-c.ts: R1 doubles from first, R2 from theta_0, never under a quarter of R1 nor over it.
    def selectionSize(i: Int): Double = math.min(thetaMax, first * math.pow(2, i - 1))
    def validationSize(i: Int): Double =
      math.min(selectionSize(i), math.max(theta0 * math.pow(2, i - 1), selectionSize(i) / 4))
    val a = math.log((3.0 * maxRounds) / delta)
    val seeder = new SwayRandom(seed)
    val selectSeed = seeder.nextInt32()
    val validateSeed = seeder.nextInt32()
    var r1 = new RRSets(Array(0), Array.emptyIntArray)
    var r2 = new RRSets(Array(0), Array.emptyIntArray)
    var tasks1 = 0
    var tasks2 = 0
    var round = 0
    var selection: Greedy = null
    var lowerBound = 0.0
    var upperBound = 0.0
    var ratio = 0.0
    var indexBytes = 0L
    var done = false
    while (!done) {
      round += 1
      val more1 = math.ceil(selectionSize(round)).toInt - r1.count
      val more2 = math.ceil(validationSize(round)).toInt - r2.count
      if (more1 > 0) {
        r1 = append(r1, RRSampler.collect(sc, graph, roots, selectSeed, tasks1, more1, slices))
        tasks1 += (more1 + RRSampler.Chunk - 1) / RRSampler.Chunk
      }
      if (more2 > 0) {
        r2 = append(r2, RRSampler.collect(sc, graph, roots, validateSeed, tasks2, more2, slices))
        tasks2 += (more2 + RRSampler.Chunk - 1) / RRSampler.Chunk
      }
      val index = new CoverageIndex(n, r1)
      indexBytes = index.bytes
      selection = greedyMaxCoverage(r1, index, rules)
      val marked = new Array[Boolean](n)
      selection.seeds.foreach(marked(_) = true)
      val validationCovered = coveredCount(r2, marked)
      val lower = math.pow(math.sqrt(validationCovered + (2 * a) / 9) - math.sqrt(a / 2), 2) - a / 18
      val upper = math.pow(math.sqrt(selection.upperBound + a / 2) + math.sqrt(a / 2), 2)
      lowerBound = math.max(0, (lower * scale) / r2.count)
      upperBound = (upper * scale) / r1.count
      ratio = if (trivial) 1 else if (upperBound > 0) lowerBound / upperBound else 1
      Progress.fraction(round.toDouble / maxRounds)
      if (ratio >= greedyRatio - epsilon || round >= maxRounds) done = true
    }
    val curve = reachCurve(r2, selection.seeds, n, scale)
    Map(
      "seeds" -> selection.seeds,
      "curve" -> curve,
      "certifiedRatio" -> ratio,
      "targetRatio" -> (greedyRatio - epsilon),
      "greedyRatio" -> greedyRatio,
      "met" -> (ratio >= greedyRatio - epsilon),
      "lowerBound" -> lowerBound,
      "upperBound" -> upperBound,
      "rounds" -> round,
      "maxRounds" -> maxRounds,
      "rrSets" -> r1.count,
      "validationRRSets" -> r2.count,
      "rrMembers" -> (r1.size.toLong + r2.size),
      "rrBytes" -> (4L * (r1.offsets.length + r1.pool.length + r2.offsets.length + r2.pool.length) + indexBytes))
  }

  /** select.ts ownObjectiveLowerBound: every seed reaches at least itself. */
  def ownObjectiveLowerBound(rules: Rules, weightOf: Int => Double): Double = {
    var sum = 0.0
    val must = rules.mustInclude.toSet
    rules.mustInclude.foreach(v => sum += weightOf(v))
    val free = (0 until rules.eligible.length).filter(v => rules.eligible(v) && !must.contains(v)).map(weightOf).toArray.sorted
    for (i <- 0 until math.min(free.length, rules.k - rules.mustInclude.length)) sum += free(free.length - 1 - i)
    sum
  }
}
