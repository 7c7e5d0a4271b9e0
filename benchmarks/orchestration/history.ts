/**
 * An experiment's workflow history as timed spans: each activity attempt's scheduled, started and
 * closed times, the workflow's start and close. Shared by bench:orchestration and bench:resume.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const T = temporal.api.enums.v1.EventType;

export interface ActivitySpan {
  type: string;
  scheduledAt: number;
  /** Epoch ms of each ActivityTaskStarted (Temporal records one per closed attempt: the last). */
  startedAt?: number;
  closedAt?: number;
  outcome?: 'completed' | 'failed' | 'timed-out' | 'cancelled';
  attempt?: number;
  /** Local activities: recorded as a marker when they complete. */
  local?: boolean;
}

export interface TimedHistory {
  workflowStartedAt: number;
  /** First WorkflowTaskStarted: a worker picked the workflow up. */
  pickedUpAt?: number;
  closedAt?: number;
  activities: ActivitySpan[];
  /** Every ActivityTaskStarted event's time, in order (what bench:resume looks at). */
  activityStarts: { type: string; at: number; attempt: number }[];
  /** Every WorkflowTaskStarted event's time: when a worker ran the workflow code. */
  workflowTaskStarts: number[];
}

function ms(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!ts) return NaN;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

export async function timedHistory(client: Client, workflowId: string): Promise<TimedHistory> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const byScheduled = new Map<string, ActivitySpan>();
  const out: TimedHistory = { workflowStartedAt: NaN, activities: [], activityStarts: [], workflowTaskStarts: [] };
  for (const e of events) {
    const at = ms(e.eventTime);
    switch (e.eventType) {
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        out.workflowStartedAt = at;
        break;
      case T.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        out.pickedUpAt ??= at;
        out.workflowTaskStarts.push(at);
        break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        out.closedAt = at;
        break;
      case T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const span: ActivitySpan = { type: e.activityTaskScheduledEventAttributes?.activityType?.name ?? '?', scheduledAt: at };
        byScheduled.set(String(e.eventId), span);
        out.activities.push(span);
        break;
      }
      case T.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const a = e.activityTaskStartedEventAttributes!;
        const span = byScheduled.get(String(a.scheduledEventId));
        if (span) {
          span.startedAt = at;
          span.attempt = a.attempt ?? 1;
          out.activityStarts.push({ type: span.type, at, attempt: a.attempt ?? 1 });
        }
        break;
      }
      case T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
      case T.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case T.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
      case T.EVENT_TYPE_ACTIVITY_TASK_CANCELED: {
        const a = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
        const span = byScheduled.get(String(a?.scheduledEventId));
        if (span) {
          span.closedAt = at;
          span.outcome = e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED ? 'completed' : e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_FAILED ? 'failed' : e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ? 'timed-out' : 'cancelled';
        }
        break;
      }
      case T.EVENT_TYPE_MARKER_RECORDED: {
        // A local activity (recipe parsing): it ran inside the workflow task that records it.
        const m = e.markerRecordedEventAttributes;
        if (m?.markerName === 'core_local_activity') out.activities.push({ type: 'local activity', scheduledAt: at, startedAt: at, closedAt: at, outcome: 'completed', local: true });
        break;
      }
      default:
    }
  }
  return out;
}
