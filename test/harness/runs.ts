import type { IRun } from 'n8n-workflow';
import { createRunExecutionData } from 'n8n-workflow';

/** A finished run as n8n settles a trigger's done-promise with it; `message` becomes the run's error. */
export function finishedRun(status: IRun['status'], error?: { message: string; cause?: unknown }): IRun {
	return {
		finished: status === 'success',
		mode: 'trigger',
		startedAt: new Date(),
		stoppedAt: new Date(),
		status,
		storedAt: 'db',
		data: createRunExecutionData({ resultData: { runData: {}, ...(error ? { error: error as never } : {}) } }),
	} as IRun;
}
