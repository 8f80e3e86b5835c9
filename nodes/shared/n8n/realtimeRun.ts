import type { INodeExecutionData, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import type { DescribeEvent, EventEmitter } from './redelivery';
import { redeliveringEmitter } from './redelivery';

/** What a socket trigger hands to `RealtimeRun.respond`: its connection, not yet started. */
export interface RealtimeSource {
	start(): void;
	/** Stops at once; teardown may finish in the background. Defaults to `close()`. */
	stop?(): void;
	/** Resolves when no socket or timer of the source is left. Idempotent. */
	close(): Promise<void>;
}

/**
 * The one activation and "Listen for test event" policy of the realtime triggers, as
 * n8n's MQTT Trigger has it:
 * - active workflow: the source connects at activation and every event is emitted,
 *   with redelivery when a queue-mode execution is lost with its worker (redelivery.ts);
 * - manual run: the source connects only when n8n calls `manualTriggerFunction`; the
 *   first event is emitted, the source is stopped and later events are dropped.
 */
export class RealtimeRun {
	readonly manual: boolean;

	private delivered = false;

	private stopSource: (() => void) | undefined;

	private readonly emitter: EventEmitter;

	constructor(ctx: ITriggerFunctions) {
		this.manual = ctx.getMode() === 'manual';
		this.emitter = redeliveringEmitter(ctx);
	}

	/** False once a manual run has its event: check it before building items. */
	get accepting(): boolean {
		return !this.delivered;
	}

	emit(data: INodeExecutionData[][], describe?: DescribeEvent): void {
		if (this.delivered) return;
		if (this.manual) {
			this.delivered = true;
			this.stopSource?.();
		}
		this.emitter(data, describe);
	}

	respond(source: RealtimeSource): ITriggerResponse {
		this.stopSource = () => (source.stop ? source.stop() : void source.close());
		const closeFunction = async () => await source.close();
		if (!this.manual) {
			source.start();
			return { closeFunction };
		}
		return {
			closeFunction,
			manualTriggerFunction: async () => source.start(),
		};
	}
}
