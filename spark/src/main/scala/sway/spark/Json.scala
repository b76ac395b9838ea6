package sway.spark

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}

/** JSON out (a small writer for maps, sequences and numbers) and in (Jackson, which Spark itself ships). */
object Json {
  private val mapper = new ObjectMapper()

  def parse(text: String): JsonNode = mapper.readTree(text)

  def write(value: Any): String = {
    val out = new StringBuilder
    def string(s: String): Unit = {
      out += '"'
      s.foreach {
        case '"' => out ++= "\\\""
        case '\\' => out ++= "\\\\"
        case '\n' => out ++= "\\n"
        case '\r' => out ++= "\\r"
        case '\t' => out ++= "\\t"
        case c if c < ' ' => out ++= f"\\u${c.toInt}%04x"
        case c => out += c
      }
      out += '"'
    }
    def go(v: Any): Unit = v match {
      case null | None => out ++= "null"
      case Some(x) => go(x)
      case s: String => string(s)
      case b: Boolean => out ++= b.toString
      case d: Double => if (d.isNaN || d.isInfinite) out ++= "null" else out ++= doubleText(d)
      case f: Float => go(f.toDouble)
      case i: Int => out ++= i.toString
      case l: Long => out ++= l.toString
      case m: scala.collection.Map[_, _] =>
        out += '{'
        var first = true
        m.foreach { case (k, x) =>
          if (!first) out += ','
          first = false
          string(k.toString)
          out += ':'
          go(x)
        }
        out += '}'
      case a: Array[_] => go(a.toSeq)
      case s: Iterable[_] =>
        out += '['
        var first = true
        s.foreach { x =>
          if (!first) out += ','
          first = false
          go(x)
        }
        out += ']'
      case other => string(other.toString)
    }
    go(value)
    out.toString
  }

  /** Integral doubles without ".0" (as JavaScript prints them); others with Java's round-tripping digits. */
  private def doubleText(d: Double): String =
    if (d == math.rint(d) && math.abs(d) < 1e15) d.toLong.toString else d.toString
}

/** Typed reads of the application's parameters (a JSON object) with the defaults the local engine declares. */
final class Params(node: JsonNode) extends Serializable {
  private def at(path: String): JsonNode = path.split('.').foldLeft(node)((n, key) => if (n == null) null else n.get(key))
  def has(path: String): Boolean = { val n = at(path); n != null && !n.isNull }
  def double(path: String, default: Double): Double = if (has(path)) at(path).asDouble() else default
  def int(path: String, default: Int): Int = if (has(path)) at(path).asInt() else default
  def bool(path: String, default: Boolean): Boolean = if (has(path)) at(path).asBoolean() else default
  def string(path: String, default: String): String = if (has(path)) at(path).asText() else default
  def optDouble(path: String): Option[Double] = if (has(path)) Some(at(path).asDouble()) else None
  def optInt(path: String): Option[Int] = if (has(path)) Some(at(path).asInt()) else None
  def strings(path: String): Seq[String] = {
    val n = at(path)
    if (n == null || n.isNull) Seq.empty
    else if (n.isArray) (0 until n.size()).map(i => n.get(i).asText())
    else n.asText().split(',').map(_.trim).filter(_.nonEmpty).toSeq
  }
  /** The options object given for one family, as written by Sway (for the score set's meta). */
  def raw(path: String): JsonNode = at(path)
}
