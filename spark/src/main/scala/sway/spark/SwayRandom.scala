package sway.spark

/**
 * The seeded generator of graph/random.ts, bit for bit: xoshiro128** (Blackman and Vigna, 2018) seeded through
 * splitmix32. Sampling the betweenness sources with it picks the same people as the local engine.
 */
final class SwayRandom(seed: Int) extends Serializable {
  private var s = seed
  private def splitmix(): Int = {
    s += 0x9e3779b9
    var z = s
    z = (z ^ (z >>> 16)) * 0x21f0aaad
    z = (z ^ (z >>> 15)) * 0x735a2d97
    z ^ (z >>> 15)
  }
  private var a = splitmix()
  private var b = splitmix()
  private var c = splitmix()
  private var d = splitmix()

  /** A uniform 32-bit value as an Int (its bits are the local engine's unsigned value). */
  def nextInt32(): Int = {
    val result = Integer.rotateLeft(b * 5, 7) * 9
    val t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = Integer.rotateLeft(d, 11)
    result
  }

  def nextUint32(): Long = nextInt32().toLong & 0xffffffffL

  /** A uniform double in [0, 1). */
  def next(): Double = nextUint32() / 4294967296.0

  /** A uniform integer in [0, n). */
  def nextInt(n: Int): Int = math.floor(next() * n).toInt
}

object SwayRandom {
  /** A seed for the t-th task of a phase, so results depend on the seed and the task numbering, not on executors. */
  def taskSeed(base: Int, task: Int): Int = new SwayRandom(base ^ (task * 0x2545f491)).nextInt32()
}
