import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { activationKey } from '../../shared/n8n/activationState';
import { extractRecord, extractRecords } from '../transport/list';
import type { ChatwootRequest } from '../transport/request';

import type { Registration, Slot, Source } from './common';
import { accountPath, inboxWebhookUrl, ownUrl, send, sourceParameter, text } from './common';

/*
 * Re-reads this trigger's signing secret from Chatwoot, for a delivery the stored secret
 * does not verify (rotated with `POST /inboxes/:id/reset_secret` or
 * `/agent_bots/:id/reset_secret`) or one that arrives before this process knows the
 * registration (a queue-mode webhook processor reading static data n8n has not saved yet).
 *
 * Bounded, so forged deliveries cannot make us hammer Chatwoot: per registration (workflow,
 * node, slot) at most one re-read in flight, which concurrent deliveries wait for, and at
 * most one every REFRESH_INTERVAL_MS, whatever arrives; each is one GET (or two: the
 * profile, when the account is the token's default and nothing is registered) without
 * retries and with a short timeout, since Chatwoot waits 5 s for the answer.
 * What it finds is kept in this process only (bounded: one entry per registration):
 * webhook() never writes static data (nodes/shared/n8n/deliveryLog.ts says why), and the
 * next activation's checkExists stores the new secret there.
 */
export const REFRESH_INTERVAL_MS = 5000;
const REQUEST_TIMEOUT_MS = 2500;
const MAX_ENTRIES = 10000;

export type Refresh =
	| { kind: 'found'; secret?: string }
	/** Chatwoot has no registration pointing at this trigger's URL. */
	| { kind: 'not_registered' }
	/** Not asked: a re-read for this registration ran less than REFRESH_INTERVAL_MS ago. */
	| { kind: 'rate_limited' }
	/** Asked, and Chatwoot did not answer usefully (timeout, 5xx, token refused). */
	| { kind: 'failed' };

interface Entry {
	at: number;
	pending?: Promise<Refresh>;
	secret?: string;
}

const entries = new Map<string, Entry>();

/** The secret the last re-read found for this registration, if any. */
export function recoveredSecret(ctx: IWebhookFunctions, slot: Slot): string | undefined {
	return entries.get(activationKey(ctx, slot))?.secret;
}

/** Re-reads the secret, within the bounds above. */
export async function refreshSecret(ctx: IWebhookFunctions, slot: Slot, registration: Registration | undefined, now = Date.now()): Promise<Refresh> {
	const key = activationKey(ctx, slot);
	const entry = entries.get(key);
	if (entry?.pending) return await entry.pending;
	if (entry && now - entry.at < REFRESH_INTERVAL_MS) return { kind: 'rate_limited' };
	const next: Entry = { at: now, secret: entry?.secret };
	next.pending = lookUp(ctx, slot, registration).catch((): Refresh => ({ kind: 'failed' }));
	entries.delete(key);
	entries.set(key, next);
	if (entries.size > MAX_ENTRIES) {
		const oldest = entries.keys().next().value;
		if (oldest !== undefined) entries.delete(oldest);
	}
	const result = await next.pending;
	next.pending = undefined;
	if (result.kind === 'found') next.secret = result.secret;
	if (result.kind === 'not_registered') next.secret = undefined;
	return result;
}

/** Activation and deactivation in this process: what an earlier re-read found no longer applies. */
export function forgetRecoveredSecret(ctx: { getWorkflow(): { id?: string }; getNode(): { id: string } }, slot: Slot): void {
	entries.delete(activationKey(ctx, slot));
}

/** For tests: forget every re-read. */
export function clearSecretRefreshes(): void {
	entries.clear();
}

async function get(ctx: IWebhookFunctions, path: string): Promise<unknown | undefined> {
	const request: ChatwootRequest = { method: 'GET', path, maxRetries: 0, timeoutMs: REQUEST_TIMEOUT_MS };
	const answer = await send(ctx, request);
	if (answer.ok) return answer.body;
	if (answer.status === 404) return undefined;
	throw answer.error;
}

async function accountOf(ctx: IWebhookFunctions, registration: Registration | undefined): Promise<number> {
	if (registration) return registration.accountId;
	const raw = ctx.getNodeParameter('accountId', '') as string | number;
	if (raw !== '' && raw !== null && raw !== undefined) return Number(raw);
	const profile = (await get(ctx, '/api/v1/profile')) as IDataObject | undefined;
	const accounts = profile?.accounts as IDataObject[] | undefined;
	return Number(profile?.account_id ?? accounts?.[0]?.id);
}

async function lookUp(ctx: IWebhookFunctions, slot: Slot, registration: Registration | undefined): Promise<Refresh> {
	const source: Source = registration?.source ?? sourceParameter(ctx);
	// A webhook context builds the production URL only; a test listen is registered in this
	// process (n8n handles /webhook-test/ in the main), so its registration is known here.
	const url = registration?.url ?? (slot === 'production' ? ownUrl(ctx) : undefined);
	if (!url) return { kind: 'not_registered' };
	const accountId = await accountOf(ctx, registration);
	if (!Number.isInteger(accountId) || accountId <= 0) return { kind: 'failed' };
	const found = (secret: unknown): Refresh => ({ kind: 'found', secret: text(secret) });

	if (source === 'apiInbox') {
		const inboxId = registration?.inboxId ?? Number(ctx.getNodeParameter('inboxId', ''));
		const body = await get(ctx, accountPath(accountId, `/inboxes/${inboxId}`));
		const inbox = body === undefined ? undefined : extractRecord(body);
		return inbox && inboxWebhookUrl(inbox) === url ? found(inbox.secret) : { kind: 'not_registered' };
	}
	if (source === 'agentBot') {
		if (registration?.botId !== undefined) {
			const body = await get(ctx, accountPath(accountId, `/agent_bots/${registration.botId}`));
			const bot = body === undefined ? undefined : extractRecord(body);
			if (bot?.outgoing_url === url) return found(bot.secret);
		}
		const bots = extractRecords(await get(ctx, accountPath(accountId, '/agent_bots')));
		const bot = bots.find((b) => b.outgoing_url === url && Number(b.account_id) === accountId);
		return bot ? found(bot.secret) : { kind: 'not_registered' };
	}
	const hooks = extractRecords(await get(ctx, accountPath(accountId, '/webhooks')));
	const hook = hooks.find((w) => w.url === url);
	return hook ? found(hook.secret) : { kind: 'not_registered' };
}
