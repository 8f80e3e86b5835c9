import type { INodeExecutionData, IRun, ITriggerFunctions } from 'n8n-workflow';

/**
 * Realtime triggers (a socket held open in the process that activated the workflow)
 * emit events that n8n turns into executions. In queue mode each emit becomes a Bull
 * job run by a worker, and n8n runs Bull with `maxStalledCount: 0`: when the worker
 * holding a job dies (OOM kill, deploy, crash), the job is not retried. The execution
 * ends as `crashed`, or as an `error` whose message says the job stalled, and the
 * event would be lost although the socket delivered it.
 *
 * So every emit carries a done-promise, and an event whose execution was lost with its
 * worker is emitted again (bounded). An execution that ran and failed in a node is the
 * workflow's own outcome and is never repeated. Manual runs execute in the editor's
 * process and need none of this.
 */

/** How many times one event is emitted at most (first try included). */
export const MAX_DELIVERY_ATTEMPTS = 3;

/** Messages of the runs n8n reports when a job's worker went away (n8n 1.x and 2.x, Bull 4). */
const LOST_WITH_WORKER = [
	/job stalled more than/i,
	/failed to be processed too many times/i,
	/worker (?:was )?(?:lost|died|crashed)/i,
];

function messageOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object') {
		const { message, cause } = value as { message?: unknown; cause?: unknown };
		return [typeof message === 'string' ? message : '', cause ? messageOf(cause) : ''].join(' ');
	}
	return '';
}

/**
 * Why an execution counts as lost with its worker (so its event must be emitted again),
 * or undefined when it ran: success, a node error, cancelled, or waiting.
 */
export function lostExecutionReason(outcome: { run?: IRun; error?: unknown }): string | undefined {
	if (outcome.run) {
		const { status } = outcome.run;
		if (status === 'crashed') return 'the execution crashed';
		if (status !== 'error') return undefined;
		const text = messageOf(outcome.run.data?.resultData?.error);
		return LOST_WITH_WORKER.some((pattern) => pattern.test(text)) ? text.trim() : undefined;
	}
	const text = messageOf(outcome.error);
	return LOST_WITH_WORKER.some((pattern) => pattern.test(text)) ? text.trim() : undefined;
}

/**
 * n8n 1.x forwards a done-promise without handling a failed start of the execution (for
 * example Redis down while enqueuing): the rejection goes unhandled and ends the
 * process. n8n 2.x settles it either way. Its trigger contexts are told apart by
 * `saveFailedExecution`, which came with that 2.x trigger runtime; on 1.x events are
 * emitted plainly, as before.
 */
export function settlesDonePromisesSafely(ctx: ITriggerFunctions): boolean {
	return typeof (ctx as Partial<Pick<ITriggerFunctions, 'saveFailedExecution'>>).saveFailedExecution === 'function';
}

/** Names the event in log lines (never its content); called only when something is logged. */
export type DescribeEvent = () => string;

/** Emits one event's items, with redelivery where it applies. */
export type EventEmitter = (data: INodeExecutionData[][], describe?: DescribeEvent) => void;

/**
 * Made once at activation: whether this context can redeliver (not a manual run, an n8n
 * that settles done-promises safely) does not change per event. The emitter reads
 * `ctx.emit` at each call: n8n swaps it on the context in manual runs.
 */
export function redeliveringEmitter(ctx: ITriggerFunctions, maxAttempts = MAX_DELIVERY_ATTEMPTS): EventEmitter {
	const createDeferred = ctx.helpers?.createDeferredPromise;
	if (ctx.getMode() === 'manual' || typeof createDeferred !== 'function' || !settlesDonePromisesSafely(ctx)) {
		return (data) => ctx.emit(data);
	}
	const node = ctx.getNode().name;

	return (data, describe) => {
		const attempt = (n: number): void => {
			const done = createDeferred<IRun>();
			ctx.emit(data, undefined, done);
			done.promise.then(
				(run) => settle(n, lostExecutionReason({ run })),
				(error: unknown) => settle(n, lostExecutionReason({ error })),
			);
		};
		const settle = (n: number, reason: string | undefined): void => {
			if (reason === undefined) return;
			const what = describe?.() ?? 'event';
			if (n >= maxAttempts) {
				ctx.logger?.error(`${node}: ${what} lost — its execution was lost with its worker ${n} times (${reason})`, { node });
				return;
			}
			ctx.logger?.warn(`${node}: emitting ${what} again — its execution was lost with its worker (${reason})`, { node });
			attempt(n + 1);
		};
		attempt(1);
	};
}
