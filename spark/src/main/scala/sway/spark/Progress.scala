package sway.spark

import org.apache.spark.scheduler._

/**
 * Progress as JSON lines on standard output, which Sway relays to its progress bar and job events: the family being
 * computed with a fraction of its own work, and Spark's stage and task counts from a SparkListener. Every line is one
 * JSON object with "sway" saying what it is; Spark's own logging goes to standard error.
 */
object Progress {
  @volatile private var family = ""
  private val lock = new Object

  def emit(fields: Map[String, Any]): Unit = lock.synchronized {
    Console.out.println(Json.write(fields))
    Console.out.flush()
  }

  def start(name: String): Unit = {
    family = name
    emit(Map("sway" -> "family", "family" -> name, "fraction" -> 0.0))
  }

  def fraction(f: Double): Unit =
    emit(Map("sway" -> "family", "family" -> family, "fraction" -> math.max(0.0, math.min(1.0, f))))

  def current: String = family
}

/** Stage and task counts, at most one task line every 250 ms so the pipe stays quiet on large jobs. */
final class ProgressListener extends SparkListener {
  private var tasksDone = 0L
  private var tasksTotal = 0L
  private var stagesDone = 0L
  private var lastTaskLine = 0L

  override def onStageSubmitted(event: SparkListenerStageSubmitted): Unit = synchronized {
    tasksTotal += event.stageInfo.numTasks
  }

  override def onStageCompleted(event: SparkListenerStageCompleted): Unit = synchronized {
    stagesDone += 1
    Progress.emit(Map("sway" -> "stage", "family" -> Progress.current, "stage" -> event.stageInfo.stageId,
      "name" -> event.stageInfo.name.takeWhile(_ != ' '), "stagesDone" -> stagesDone,
      "tasksDone" -> tasksDone, "tasksTotal" -> tasksTotal,
      "failed" -> event.stageInfo.failureReason.isDefined))
  }

  override def onTaskEnd(event: SparkListenerTaskEnd): Unit = synchronized {
    tasksDone += 1
    val now = System.currentTimeMillis()
    if (now - lastTaskLine >= 250) {
      lastTaskLine = now
      Progress.emit(Map("sway" -> "tasks", "family" -> Progress.current, "tasksDone" -> tasksDone, "tasksTotal" -> tasksTotal))
    }
  }
}
