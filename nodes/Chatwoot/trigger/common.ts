import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { activationKey, recallActivation, rememberActivation } from '../../shared/n8n/activationState';
import type { ChatwootRequest } from '../transport/request';
import { chatwootRequest } from '../transport/request';

import { privateAddressReason } from './events';

/*
 * What the Chatwoot Trigger's registration code shares: the registration record in
 * static data, Chatwoot calls that return their failure status, and the URL helpers.
 *
 * Static data of the node keeps one registration per slot: "production" (the
 * persisted workflow static data, `/webhook/…` URL) and "test" (n8n's "Listen for
 * test event": its own static data copy, `/webhook-test/…` URL). Separate keys and
 * distinct URLs mean the two never clobber each other, whichever copy n8n hands us.
 */

export type Source = 'accountWebhook' | 'apiInbox' | 'agentBot';
export type Slot = 'production' | 'test';

/** agentBot: one inbox the bot was connected to, and the bot it had before (restored on delete). */
export interface BotInbox extends IDataObject {
	inboxId: number;
	previousBotId: number | null;
}

export interface Registration extends IDataObject {
	source: Source;
	accountId: number;
	/** The n8n URL registered in Chatwoot. */
	url: string;
	/** Signing secret (webhook, API inbox or agent bot `secret`); absent on old Chatwoot or non-admin tokens. */
	secret?: string;
	/** accountWebhook: id of the Chatwoot webhook. */
	webhookId?: number;
	/** accountWebhook: subscribed events, sorted. */
	events?: string[];
	/** apiInbox: the inbox whose callback URL points here. */
	inboxId?: number;
	/** apiInbox: the callback URL before ours, restored on delete. */
	previousWebhookUrl?: string;
	/** agentBot: the bot whose outgoing URL is ours. */
	botId?: number;
	/** agentBot: the inboxes it was connected to. */
	botInboxes?: BotInbox[];
}

export type Context = IHookFunctions | IWebhookFunctions;

/** n8n runs "Listen for test event" registrations and test deliveries in mode 'manual'. */
export function slotOf(ctx: Context): Slot {
	return ctx.getMode() === 'manual' ? 'test' : 'production';
}

export function sourceParameter(ctx: Context): Source {
	const source = ctx.getNodeParameter('source', 'accountWebhook') as Source;
	return source === 'apiInbox' || source === 'agentBot' ? source : 'accountWebhook';
}

/** From static data; until n8n has saved that after activation, from this process's record. */
export function readRegistration(ctx: Context, slot: Slot): Registration | undefined {
	const registrations = ctx.getWorkflowStaticData('node').registrations as IDataObject | undefined;
	const registration = (registrations?.[slot] ?? recallActivation(activationKey(ctx, slot))) as Registration | undefined;
	return registration && typeof registration === 'object' ? registration : undefined;
}

/** Replaces the top-level key so n8n's observable static data notices the change. */
export function writeRegistration(ctx: Context, slot: Slot, registration: Registration | undefined) {
	const data = ctx.getWorkflowStaticData('node');
	const next: IDataObject = { ...((data.registrations as IDataObject | undefined) ?? {}) };
	if (registration) next[slot] = { ...registration };
	else delete next[slot];
	data.registrations = next;
	rememberActivation(activationKey(ctx, slot), registration);
}

export type Outcome = { ok: true; body: unknown } | { ok: false; status: number; error: NodeApiError };

/** chatwootRequest, with the HTTP status of a failure returned for the caller to decide on (404 on delete, 422 on create). */
export async function send(ctx: Context, request: ChatwootRequest): Promise<Outcome> {
	try {
		return { ok: true, body: await chatwootRequest.call(ctx, request) };
	} catch (error) {
		if (error instanceof NodeApiError) return { ok: false, status: Number(error.httpCode), error };
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
}

export function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function inboxWebhookUrl(inbox: IDataObject): string {
	const channel = inbox.channel as IDataObject | undefined;
	return String(inbox.webhook_url ?? channel?.webhook_url ?? '');
}

export function ownUrl(ctx: Context): string {
	return (ctx as IHookFunctions).getNodeWebhookUrl('default') as string;
}

/** True for a URL of this node's webhook in the other slot (test vs production): same `<webhookId>/<path>` tail. */
export function isOtherSlotUrl(ctx: Context, url: string, mine: string): boolean {
	const id = ctx.getNode().webhookId;
	if (!id || url === '' || url === mine) return false;
	const tail = mine.slice(mine.indexOf(`/${id}/`));
	return url.endsWith(tail);
}

export function registrationName(ctx: Context, slot: Slot): string {
	const workflow = ctx.getWorkflow();
	const name = `n8n: ${workflow.name ?? workflow.id ?? 'workflow'} / ${ctx.getNode().name}`.slice(0, 200);
	return slot === 'test' ? `[n8n test] ${name}` : name;
}

export function accountPath(accountId: number, suffix: string): string {
	return `/api/v1/accounts/${accountId}${suffix}`;
}

export function warnAboutAddress(ctx: Context, url: string) {
	const reason = privateAddressReason(url);
	if (!reason) return;
	ctx.logger.warn(
		`Chatwoot Trigger "${ctx.getNode().name}": the webhook URL ${url} is ${reason}, and Chatwoot 4.14 and newer refuse to deliver to private, loopback and Docker-network addresses ("Hostname … has no public ip addresses" in Chatwoot's log). ` +
			`Set N8N_WEBHOOK_URL (n8n 2.x; WEBHOOK_URL on n8n 1.x) to an address Chatwoot may reach, or set SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true on the Chatwoot server (4.14.1+; 4.14.0 has no such switch), or use the Chatwoot Realtime Trigger, which needs no inbound URL.`,
	);
}

export function warnNoSecret(ctx: Context, what: string) {
	ctx.logger.warn(
		`Chatwoot Trigger "${ctx.getNode().name}": Chatwoot returned no signing secret for ${what}, so deliveries cannot be verified. Signing needs Chatwoot 4.12+ (account webhooks) or 4.13+ (API inboxes, agent bots) and an administrator's token.`,
	);
}
