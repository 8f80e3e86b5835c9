import type { IDataObject } from 'n8n-workflow';

import type { CableTiming, ConnectedInfo, ConnectionEnd } from '../../shared/actioncable';
import { CableClient, describeEnd } from '../../shared/actioncable';
import { stripSecrets } from '../../shared/secrets';

import type { BackfillWindow, CursorView } from './backfill';
import { BurstCollector } from './burst';
import type { ConversationChanges } from './changes';
import type { RecentlySeen } from './cursor';
import { RealtimeCursor } from './cursor';
import type { ChatwootCableMessage, EventFilterOptions } from './events';
import {
	asCableMessage,
	conversationStateKey,
	dedupeKey,
	isConversationEvent,
	passesFilter,
} from './events';
import type { Identity } from './identity';

/** Look this much further back than the gap itself (broadcasts are queued jobs). */
export const BACKFILL_MARGIN_SECONDS = 30;
/** Never catch up on more than this (a workflow re-activated days later starts fresh). */
export const MAX_BACKFILL_SECONDS = 6 * 60 * 60;
/** At most one REST catch-up per this interval; reconnects in between are folded into the next one. */
export const MIN_BACKFILL_INTERVAL_MS = 30_000;

export type EventSource = 'live' | 'backfill';

export interface SessionLogger {
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
}

export interface RealtimeSessionOptions {
	url: string;
	origin?: string;
	/** Catch up through REST after reconnects and restarts. */
	backfill: boolean;
	filter: EventFilterOptions;
	/** Exclude the identity's own actions (resolved with the identity). */
	excludeOwn: boolean;
	timing?: Partial<CableTiming>;
	/** Node static data (cursor, recent keys, created contact). */
	store: IDataObject;
	/** `signal` aborts the REST calls when the session closes. */
	resolveIdentity: (refresh: boolean, signal: AbortSignal) => Promise<Identity>;
	fetchMissed: (identity: Identity, window: BackfillWindow, cursor: CursorView, signal: AbortSignal) => Promise<ChatwootCableMessage[]>;
	/** Collect a customer's messages in one conversation that follow each other within this many ms into one item; 0 = off. */
	burstMs?: number;
	/** "Only when these fields changed" for the reloaded-conversation events. */
	changes?: ConversationChanges;
	/** Minimum time between two catch-ups (default MIN_BACKFILL_INTERVAL_MS). */
	minBackfillIntervalMs?: number;
	/** Must call `this.emit` of the trigger context at the moment of emitting. */
	emit: (item: IDataObject) => void;
	/** Unrecoverable failure (called at most once, never after close). */
	onFatal: (error: Error, identity: Identity | undefined) => void;
	logger: SessionLogger;
	now?: () => number;
	random?: () => number;
}

function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value !== '') {
		const n = Number(value);
		return Number.isFinite(n) ? n : undefined;
	}
	return undefined;
}

export type FetchMissed = RealtimeSessionOptions['fetchMissed'];

/**
 * One activation of the realtime trigger: the ActionCable client, filtering,
 * de-duplication, the static-data cursor, REST catch-up after reconnects (emitted
 * before the live events that arrived meanwhile). Activation and test runs follow
 * the shared policy (shared/n8n/realtimeRun.ts).
 */
export class RealtimeSession {
	private readonly client: CableClient;
	private readonly now: () => number;
	private identity: Identity | undefined;
	private cursor: RealtimeCursor | undefined;
	private seen: RecentlySeen | undefined;
	private closed = false;
	private closing: Promise<void> | undefined;
	private backfilling = 0;
	private pending: ChatwootCableMessage[] = [];
	private backfillChain: Promise<void> = Promise.resolve();
	private firstConnection = true;
	private readonly abort = new AbortController();
	private readonly burst: BurstCollector | undefined;
	private inFlight = new Set<Promise<unknown>>();
	private lastBackfillAt = -Infinity;
	/** A catch-up folded into the next allowed slot: gap start (both clocks) and the cursor as it was then. */
	private deferred: { sinceServerSeconds: number; sinceOurMs: number; view: CursorView; timer: ReturnType<typeof setTimeout> } | undefined;

	constructor(private readonly options: RealtimeSessionOptions) {
		this.now = options.now ?? Date.now;
		this.burst = options.burstMs ? new BurstCollector(options.burstMs, (item) => options.emit(item), this.now) : undefined;
		this.client = new CableClient({
			url: options.url,
			origin: options.origin,
			params: async ({ refresh }) => {
				const identity = await this.track(options.resolveIdentity(refresh, this.abort.signal));
				this.applyIdentity(identity);
				return identity.params;
			},
			onMessage: (message) => this.onMessage(message),
			onConnected: (info) => this.onConnected(info),
			onDisconnected: (end, delay) => this.onDisconnected(end, delay),
			onFatal: (error) => this.onFatal(error),
			timing: options.timing,
			now: this.now,
			random: options.random,
		});
	}

	start(): void {
		this.client.start();
	}

	get state() {
		return this.client.state;
	}

	/** Idempotent; resolves once the socket is closed and no timer is left. */
	async close(): Promise<void> {
		this.closing ??= this.shutdown();
		return await this.closing;
	}

	private async shutdown() {
		// Held bursts are emitted, not dropped: their messages are already in the cursor.
		if (!this.closed) this.burst?.flush();
		this.closed = true;
		this.pending = [];
		this.cancelDeferred();
		// In-flight REST calls (profile, catch-up) are aborted, not left to run out.
		this.abort.abort();
		await this.client.close();
		await Promise.allSettled([...this.inFlight, this.backfillChain]);
		if (this.cursor && this.seen) this.cursor.saveRecentKeys(this.seen);
	}

	private track<T>(promise: Promise<T>): Promise<T> {
		this.inFlight.add(promise);
		const forget = () => this.inFlight.delete(promise);
		promise.then(forget, forget);
		return promise;
	}

	private cancelDeferred() {
		if (this.deferred) clearTimeout(this.deferred.timer);
		this.deferred = undefined;
	}

	private applyIdentity(identity: Identity) {
		this.identity = identity;
		const filter = this.options.filter;
		if (identity.accountId !== undefined) filter.accountId = identity.accountId;
		filter.excludeActor = this.options.excludeOwn ? identity.actor : null;
		if (!this.cursor || this.options.store.cursorScope !== identity.scope) {
			this.cursor = new RealtimeCursor(this.options.store, identity.scope);
			this.seen = this.cursor.loadRecentKeys(this.now());
		}
	}

	private onMessage(raw: unknown) {
		if (this.closed) return;
		const message = asCableMessage(raw);
		if (!message) return;
		if (this.backfilling > 0) {
			this.pending.push(message);
			return;
		}
		this.handle(message, 'live');
	}

	/** Cursor and de-duplication see every event of our account; filters decide what is emitted. */
	private handle(message: ChatwootCableMessage, source: EventSource) {
		const event = message.event;
		const data = message.data;
		const filter = this.options.filter;
		const accountId = filter.accountId;
		if (accountId !== undefined) {
			const eventAccount = data.account_id;
			if (eventAccount !== undefined && eventAccount !== null && eventAccount !== accountId && Number(eventAccount) !== accountId) return;
		}
		const cursor = this.cursor;
		const seen = this.seen;
		if (cursor && seen) {
			const now = this.now();
			cursor.touch(now);
			if (event === 'message.created') {
				// The hot path: numeric keys only.
				const id = toNumber(data.id);
				if (id !== undefined) {
					const conversationId = toNumber(data.conversation_id);
					if (conversationId !== undefined) cursor.recordMessage(conversationId, id);
					if (seen.messageIds.checkAndAdd(id, now)) return;
				}
			} else {
				if (isConversationEvent(event) && !this.trackConversation(data, source, cursor, seen, now)) return;
				const key = dedupeKey(event, data);
				if (key !== undefined && seen.keys.checkAndAdd(key, now)) return;
			}
		}
		if (!passesFilter(message, filter)) return;
		let changed: string[] | undefined;
		if (this.options.changes?.active && isConversationEvent(event)) {
			const verdict = this.options.changes.check(event, data);
			if (!verdict.emit) return;
			changed = verdict.changed;
		}
		try {
			stripSecrets(data);
		} catch (error) {
			this.options.logger.warn(`Chatwoot realtime: dropped a ${event} event: ${(error as Error).message}`);
			return;
		}
		const item: IDataObject = { event, accountId: accountId ?? toNumber(data.account_id) ?? null, data, source };
		if (changed) item.changed = changed;
		if (this.burst?.offer(item)) return;
		this.options.emit(item);
	}

	/**
	 * Records a conversation state; false for a backfilled state already seen (live
	 * under another event name, or not newer than the cursor).
	 */
	private trackConversation(data: IDataObject, source: EventSource, cursor: RealtimeCursor, seen: RecentlySeen, now: number): boolean {
		const conversationId = toNumber(data.id);
		const updatedAt = toNumber(data.updated_at);
		const stateKey = conversationStateKey(data.id, data.updated_at);
		if (source === 'backfill' && conversationId !== undefined) {
			if (stateKey && seen.keys.has(stateKey, now)) return false;
			const known = cursor.conversationUpdatedAt(conversationId);
			if (known !== undefined && updatedAt !== undefined && updatedAt <= known) return false;
		}
		if (stateKey) seen.keys.checkAndAdd(stateKey, now);
		if (conversationId !== undefined && updatedAt !== undefined) cursor.recordConversation(conversationId, updatedAt);
		return true;
	}

	private onConnected(info: ConnectedInfo) {
		if (this.closed) return;
		const first = this.firstConnection;
		this.firstConnection = false;
		this.options.logger.debug(`Chatwoot realtime: subscribed${info.reconnected ? ' again' : ''}`);
		if (!this.options.backfill || !this.identity || !this.cursor) return;
		const window = info.reconnected && info.previous ? this.windowAfter(info.previous) : first ? this.windowAfterRestart() : undefined;
		if (!window) return;
		const now = this.now();
		const interval = this.options.minBackfillIntervalMs ?? MIN_BACKFILL_INTERVAL_MS;
		if (this.deferred || now - this.lastBackfillAt < interval) {
			this.deferBackfill(window, now, this.lastBackfillAt + interval - now);
			return;
		}
		this.lastBackfillAt = now;
		const identity = this.identity;
		const cursor = this.cursor;
		this.backfilling++;
		this.backfillChain = this.backfillChain
			.then(async () => await this.runBackfill(identity, window, cursor))
			.finally(() => {
				this.backfilling--;
				if (this.backfilling === 0) this.flush();
			});
	}

	/**
	 * A reconnect within the catch-up interval of the last catch-up (a flapping server):
	 * one catch-up runs when the interval is over, from the start of the earliest gap
	 * and against the cursor as it was then, so the live events emitted meanwhile
	 * cannot hide what was missed. It is not buffered against: live events flow, and
	 * the catch-up emits only what they did not (de-duplicated), marked `backfill`.
	 */
	private deferBackfill(window: BackfillWindow, now: number, waitMs: number) {
		const sinceOurMs = now - window.seconds * 1000;
		if (this.deferred) {
			this.deferred.sinceServerSeconds = Math.min(this.deferred.sinceServerSeconds, window.sinceServerSeconds);
			this.deferred.sinceOurMs = Math.min(this.deferred.sinceOurMs, sinceOurMs);
			return;
		}
		const cursor = this.cursor!;
		const view = cursor.snapshot();
		const timer = setTimeout(() => {
			const deferred = this.deferred;
			this.deferred = undefined;
			if (!deferred || this.closed || !this.identity || this.cursor !== cursor) return;
			const at = this.now();
			this.lastBackfillAt = at;
			const seconds = Math.min(MAX_BACKFILL_SECONDS, Math.max(0, (at - deferred.sinceOurMs) / 1000));
			const identity = this.identity;
			this.backfillChain = this.backfillChain.then(
				async () => await this.runBackfill(identity, { seconds, sinceServerSeconds: deferred.sinceServerSeconds }, cursor, deferred.view),
			);
		}, Math.max(0, waitMs));
		this.deferred = { sinceServerSeconds: window.sinceServerSeconds, sinceOurMs, view, timer };
	}

	private windowAfter(previous: ConnectionEnd): BackfillWindow | undefined {
		const lastFrameAt = previous.lastFrameAt || this.now();
		const gap = Math.max(0, (this.now() - lastFrameAt) / 1000);
		const serverSince = previous.lastServerTime !== undefined ? previous.lastServerTime : lastFrameAt / 1000;
		return this.window(gap, serverSince);
	}

	/** After an n8n restart: from the last event the previous run saw (static data). */
	private windowAfterRestart(): BackfillWindow | undefined {
		const aliveAt = this.cursor?.lastAliveAt;
		if (aliveAt === undefined) return undefined;
		const gap = (this.now() - aliveAt) / 1000;
		if (gap > MAX_BACKFILL_SECONDS) return undefined;
		return this.window(Math.max(0, gap), aliveAt / 1000);
	}

	private window(gapSeconds: number, serverSince: number): BackfillWindow {
		const seconds = Math.min(MAX_BACKFILL_SECONDS, gapSeconds + BACKFILL_MARGIN_SECONDS);
		return { seconds, sinceServerSeconds: serverSince - BACKFILL_MARGIN_SECONDS };
	}

	private async runBackfill(identity: Identity, window: BackfillWindow, cursor: RealtimeCursor, view: CursorView = cursor) {
		if (this.closed) return;
		let missed: ChatwootCableMessage[];
		try {
			missed = await this.track(this.options.fetchMissed(identity, window, view, this.abort.signal));
		} catch (error) {
			if (this.closed) return;
			this.options.logger.warn(
				`Chatwoot realtime: could not catch up on events missed while disconnected: ${(error as Error)?.message ?? String(error)}`,
			);
			return;
		}
		if (this.closed) return;
		for (const message of missed) {
			if (this.closed) return;
			this.handle(message, 'backfill');
		}
		if (this.seen) cursor.saveRecentKeys(this.seen);
	}

	private flush() {
		const pending = this.pending;
		this.pending = [];
		for (const message of pending) {
			if (this.closed) return;
			this.handle(message, 'live');
		}
	}

	private onDisconnected(end: ConnectionEnd, delayMs: number) {
		if (this.closed) return;
		const message = `Chatwoot realtime: ${describeEnd(end)}; reconnecting in ${(delayMs / 1000).toFixed(1)} s`;
		if (end.confirmed) this.options.logger.info(message);
		else this.options.logger.warn(message);
	}

	private onFatal(error: Error) {
		if (this.closed) return;
		this.burst?.flush();
		this.closed = true;
		this.pending = [];
		this.cancelDeferred();
		this.abort.abort();
		if (this.cursor && this.seen) this.cursor.saveRecentKeys(this.seen);
		this.options.onFatal(error, this.identity);
	}
}
