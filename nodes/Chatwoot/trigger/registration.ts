import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { activationKey, recallActivation, rememberActivation } from '../../shared/n8n/activationState';
import { sameStringSet } from '../../shared/sets';
import { resolveAccountId } from '../helpers/account';
import { extractRecord, extractRecords } from '../transport/list';
import type { ChatwootRequest } from '../transport/request';
import { chatwootRequest } from '../transport/request';

import { privateAddressReason, subscriptionsFor } from './events';

/*
 * Registration lifecycle of the Chatwoot Trigger (checkExists / create / delete).
 *
 * Static data of the node keeps one registration per slot: "production" (the
 * persisted workflow static data, `/webhook/…` URL) and "test" (n8n's "Listen for
 * test event": its own static data copy, `/webhook-test/…` URL). Separate keys and
 * distinct URLs mean the two never clobber each other, whichever copy n8n hands us.
 */

export type Source = 'accountWebhook' | 'apiInbox';
export type Slot = 'production' | 'test';

export interface Registration extends IDataObject {
	source: Source;
	accountId: number;
	/** The n8n URL registered in Chatwoot. */
	url: string;
	/** Signing secret (account webhook `secret`, API inbox `secret`); absent on old Chatwoot or non-admin tokens. */
	secret?: string;
	/** accountWebhook: id of the Chatwoot webhook. */
	webhookId?: number;
	/** accountWebhook: subscribed events, sorted. */
	events?: string[];
	/** apiInbox: the inbox whose callback URL points here. */
	inboxId?: number;
	/** apiInbox: the callback URL before ours, restored on delete. */
	previousWebhookUrl?: string;
}

type Context = IHookFunctions | IWebhookFunctions;

/** n8n runs "Listen for test event" registrations and test deliveries in mode 'manual'. */
export function slotOf(ctx: Context): Slot {
	return ctx.getMode() === 'manual' ? 'test' : 'production';
}

/** From static data; until n8n has saved that after activation, from this process's record. */
export function readRegistration(ctx: Context, slot: Slot): Registration | undefined {
	const registrations = ctx.getWorkflowStaticData('node').registrations as IDataObject | undefined;
	const registration = (registrations?.[slot] ?? recallActivation(activationKey(ctx, slot))) as Registration | undefined;
	return registration && typeof registration === 'object' ? registration : undefined;
}

/** Replaces the top-level key so n8n's observable static data notices the change. */
function writeRegistration(ctx: Context, slot: Slot, registration: Registration | undefined) {
	const data = ctx.getWorkflowStaticData('node');
	const next: IDataObject = { ...((data.registrations as IDataObject | undefined) ?? {}) };
	if (registration) next[slot] = { ...registration };
	else delete next[slot];
	data.registrations = next;
	rememberActivation(activationKey(ctx, slot), registration);
}

type Outcome = { ok: true; body: unknown } | { ok: false; status: number; error: NodeApiError };

/** chatwootRequest, with the HTTP status of a failure returned for the caller to decide on (404 on delete, 422 on create). */
async function send(ctx: Context, request: ChatwootRequest): Promise<Outcome> {
	try {
		return { ok: true, body: await chatwootRequest.call(ctx, request) };
	} catch (error) {
		if (error instanceof NodeApiError) return { ok: false, status: Number(error.httpCode), error };
		throw new NodeOperationError(ctx.getNode(), error as Error);
	}
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function webhookOf(body: unknown): IDataObject {
	const record = extractRecord(body);
	return (record.webhook && typeof record.webhook === 'object' ? record.webhook : record) as IDataObject;
}

function inboxWebhookUrl(inbox: IDataObject): string {
	const channel = inbox.channel as IDataObject | undefined;
	return String(inbox.webhook_url ?? channel?.webhook_url ?? '');
}

function ownUrl(ctx: Context): string {
	return (ctx as IHookFunctions).getNodeWebhookUrl('default') as string;
}

/** True for a URL of this node's webhook in the other slot (test vs production): same `<webhookId>/<path>` tail. */
function isOtherSlotUrl(ctx: Context, url: string, mine: string): boolean {
	const id = ctx.getNode().webhookId;
	if (!id || url === '' || url === mine) return false;
	const tail = mine.slice(mine.indexOf(`/${id}/`));
	return url.endsWith(tail);
}

function webhookName(ctx: Context, slot: Slot): string {
	const workflow = ctx.getWorkflow();
	const name = `n8n: ${workflow.name ?? workflow.id ?? 'workflow'} / ${ctx.getNode().name}`.slice(0, 200);
	return slot === 'test' ? `[n8n test] ${name}` : name;
}

function desiredEvents(ctx: Context): string[] {
	const events = subscriptionsFor((ctx.getNodeParameter('events', []) as string[]) ?? []);
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'Select at least one event', {
			description: 'Chatwoot refuses account webhooks without subscriptions.',
		});
	}
	return events;
}

function warnAboutAddress(ctx: Context, url: string) {
	const reason = privateAddressReason(url);
	if (!reason) return;
	ctx.logger.warn(
		`Chatwoot Trigger "${ctx.getNode().name}": the webhook URL ${url} is ${reason}, and Chatwoot 4.14 and newer refuse to deliver to private, loopback and Docker-network addresses ("Hostname … has no public ip addresses" in Chatwoot's log). ` +
			`Set N8N_WEBHOOK_URL (n8n 2.x; WEBHOOK_URL on n8n 1.x) to an address Chatwoot may reach, or set SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true on the Chatwoot server (4.14.1+), or use the Chatwoot Realtime Trigger, which needs no inbound URL.`,
	);
}

function warnNoSecret(ctx: Context, what: string) {
	ctx.logger.warn(
		`Chatwoot Trigger "${ctx.getNode().name}": Chatwoot returned no signing secret for ${what}, so deliveries cannot be verified. Signing needs Chatwoot 4.11.2+ (account webhooks) or 4.13+ (API inboxes) and an administrator's token.`,
	);
}

// ---------------------------------------------------------------- account webhook

function webhooksPath(accountId: number): string {
	return `/api/v1/accounts/${accountId}/webhooks`;
}

async function deleteAccountWebhook(ctx: Context, accountId: number, webhookId: number) {
	const result = await send(ctx, { method: 'DELETE', path: `${webhooksPath(accountId)}/${webhookId}` });
	if (!result.ok && result.status !== 404) throw result.error;
}

async function accountWebhookExists(ctx: Context, slot: Slot): Promise<boolean> {
	const registration = readRegistration(ctx, slot);
	if (registration?.source !== 'accountWebhook' || registration.webhookId === undefined) return false;
	const accountId = await resolveAccountId.call(ctx);
	if (registration.accountId !== accountId) return false;
	const listed = await send(ctx, { method: 'GET', path: webhooksPath(accountId) });
	if (!listed.ok) throw listed.error;
	const hook = extractRecords(listed.body).find((w) => Number(w.id) === registration.webhookId);
	if (!hook) {
		// Deleted in Chatwoot: forget it, create() registers a new one.
		writeRegistration(ctx, slot, { ...registration, webhookId: undefined });
		return false;
	}
	// Edited in Chatwoot (URL or events): create() puts it back in shape.
	if (hook.url !== ownUrl(ctx) || !sameStringSet(hook.subscriptions, desiredEvents(ctx))) return false;
	const secret = text(hook.secret);
	if (secret && secret !== registration.secret) writeRegistration(ctx, slot, { ...registration, secret });
	return true;
}

async function createAccountWebhook(ctx: Context, slot: Slot): Promise<boolean> {
	const url = ownUrl(ctx);
	const accountId = await resolveAccountId.call(ctx);
	const events = desiredEvents(ctx);
	const body = { url, name: webhookName(ctx, slot), subscriptions: events };
	const base = webhooksPath(accountId);
	const previous = readRegistration(ctx, slot);

	let hook: IDataObject | undefined;
	let leftover: { accountId: number; webhookId: number } | undefined;
	if (previous?.source === 'accountWebhook' && previous.webhookId !== undefined) {
		if (previous.accountId === accountId) {
			// Our stale webhook: put it back in shape (keeps its id and secret).
			const patched = await send(ctx, { method: 'PATCH', path: `${base}/${previous.webhookId}`, body });
			if (patched.ok) hook = webhookOf(patched.body);
			else if (patched.status === 422) leftover = { accountId, webhookId: previous.webhookId };
			else if (patched.status !== 404) throw patched.error;
		} else {
			leftover = { accountId: previous.accountId, webhookId: previous.webhookId };
		}
	} else if (previous) {
		await release(ctx, previous);
	}

	if (!hook) {
		const created = await send(ctx, { method: 'POST', path: base, body });
		if (created.ok) {
			hook = webhookOf(created.body);
		} else if (created.status === 422) {
			// URLs are unique per account ("Url has already been taken"): adopt the
			// webhook that already has our URL, e.g. one left behind by a lost static data.
			const listed = await send(ctx, { method: 'GET', path: base });
			if (!listed.ok) throw listed.error;
			const existing = extractRecords(listed.body).find((w) => w.url === url);
			if (!existing) throw created.error;
			const adopted = await send(ctx, { method: 'PATCH', path: `${base}/${String(existing.id)}`, body });
			if (!adopted.ok) throw adopted.error;
			hook = webhookOf(adopted.body);
			ctx.logger.info(`Chatwoot Trigger "${ctx.getNode().name}": adopted existing Chatwoot webhook #${String(existing.id)} with this URL`);
		} else {
			throw created.error;
		}
	}

	const webhookId = Number(hook.id);
	if (!Number.isFinite(webhookId)) {
		throw new NodeOperationError(ctx.getNode(), 'Chatwoot did not return the id of the webhook it created', {
			description: `POST ${base} answered without payload.webhook.id.`,
		});
	}
	if (leftover && !(leftover.accountId === accountId && leftover.webhookId === webhookId)) {
		await deleteAccountWebhook(ctx, leftover.accountId, leftover.webhookId);
	}
	const secret = text(hook.secret);
	if (!secret) warnNoSecret(ctx, `webhook #${webhookId}`);
	writeRegistration(ctx, slot, { source: 'accountWebhook', accountId, url, webhookId, events, secret });
	warnAboutAddress(ctx, url);
	return true;
}

// ---------------------------------------------------------------- API inbox callback

function inboxPath(accountId: number, inboxId: number): string {
	return `/api/v1/accounts/${accountId}/inboxes/${inboxId}`;
}

function inboxParameter(ctx: Context): number {
	const raw = ctx.getNodeParameter('inboxId', '') as string | number;
	const id = Number(raw);
	if (raw === '' || !Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(ctx.getNode(), 'Choose the API inbox whose callback URL this trigger should use', {
			description: 'Set "Inbox" to an API-channel inbox (Settings → Inboxes in Chatwoot).',
		});
	}
	return id;
}

async function apiInboxExists(ctx: Context, slot: Slot): Promise<boolean> {
	const registration = readRegistration(ctx, slot);
	if (registration?.source !== 'apiInbox') return false;
	const accountId = await resolveAccountId.call(ctx);
	const inboxId = inboxParameter(ctx);
	if (registration.accountId !== accountId || registration.inboxId !== inboxId) return false;
	const got = await send(ctx, { method: 'GET', path: inboxPath(accountId, inboxId) });
	if (!got.ok) {
		if (got.status === 404) return false;
		throw got.error;
	}
	const inbox = extractRecord(got.body);
	if (inboxWebhookUrl(inbox) !== ownUrl(ctx)) return false;
	const secret = text(inbox.secret);
	if (secret && secret !== registration.secret) writeRegistration(ctx, slot, { ...registration, secret });
	return true;
}

async function createApiInbox(ctx: Context, slot: Slot): Promise<boolean> {
	const url = ownUrl(ctx);
	const accountId = await resolveAccountId.call(ctx);
	const inboxId = inboxParameter(ctx);
	let previous = readRegistration(ctx, slot);
	if (previous && (previous.source !== 'apiInbox' || previous.accountId !== accountId || previous.inboxId !== inboxId)) {
		await release(ctx, previous);
		previous = undefined;
	}

	const got = await send(ctx, { method: 'GET', path: inboxPath(accountId, inboxId) });
	if (!got.ok) throw got.error;
	const inbox = extractRecord(got.body);
	if (inbox.channel_type !== 'Channel::Api') {
		throw new NodeOperationError(ctx.getNode(), `Inbox "${String(inbox.name ?? inboxId)}" is not an API-channel inbox`, {
			description: 'Only API-channel inboxes have a callback URL. Choose an API inbox, or use "Account Webhook".',
		});
	}
	const current = inboxWebhookUrl(inbox);
	let previousWebhookUrl: string;
	if (current === url) previousWebhookUrl = previous?.previousWebhookUrl ?? '';
	// A test listen of this very node holds the inbox: its own registration restores the original.
	else if (slot === 'production' && isOtherSlotUrl(ctx, current, url)) previousWebhookUrl = '';
	else previousWebhookUrl = current;

	let updated: IDataObject = inbox;
	if (current !== url) {
		const patched = await send(ctx, {
			method: 'PATCH',
			path: inboxPath(accountId, inboxId),
			body: { channel: { webhook_url: url } },
		});
		if (!patched.ok) throw patched.error;
		updated = extractRecord(patched.body);
	}
	const secret = text(updated.secret) ?? text(inbox.secret);
	if (!secret) warnNoSecret(ctx, `inbox #${inboxId}`);
	writeRegistration(ctx, slot, { source: 'apiInbox', accountId, url, inboxId, previousWebhookUrl, secret });
	warnAboutAddress(ctx, url);
	return true;
}

async function restoreApiInbox(ctx: Context, registration: Registration) {
	if (registration.inboxId === undefined) return;
	const path = inboxPath(registration.accountId, registration.inboxId);
	const got = await send(ctx, { method: 'GET', path });
	if (!got.ok) {
		if (got.status === 404) return;
		throw got.error;
	}
	if (inboxWebhookUrl(extractRecord(got.body)) !== registration.url) {
		ctx.logger.info(
			`Chatwoot Trigger "${ctx.getNode().name}": inbox #${registration.inboxId}'s callback URL was changed since activation; left as it is`,
		);
		return;
	}
	const restored = await send(ctx, {
		method: 'PATCH',
		path,
		body: { channel: { webhook_url: registration.previousWebhookUrl ?? '' } },
	});
	if (!restored.ok && restored.status !== 404) throw restored.error;
}

// ---------------------------------------------------------------- entry points

/** Undoes a registration as recorded (not as the parameters say now: they may have changed). */
async function release(ctx: Context, registration: Registration) {
	if (registration.source === 'accountWebhook' && registration.webhookId !== undefined) {
		await deleteAccountWebhook(ctx, registration.accountId, registration.webhookId);
	} else if (registration.source === 'apiInbox') {
		await restoreApiInbox(ctx, registration);
	}
}

function sourceParameter(ctx: Context): Source {
	return (ctx.getNodeParameter('source', 'accountWebhook') as Source) === 'apiInbox' ? 'apiInbox' : 'accountWebhook';
}

export async function registrationExists(ctx: IHookFunctions): Promise<boolean> {
	const slot = slotOf(ctx);
	return sourceParameter(ctx) === 'apiInbox' ? await apiInboxExists(ctx, slot) : await accountWebhookExists(ctx, slot);
}

export async function createRegistration(ctx: IHookFunctions): Promise<boolean> {
	const slot = slotOf(ctx);
	return sourceParameter(ctx) === 'apiInbox' ? await createApiInbox(ctx, slot) : await createAccountWebhook(ctx, slot);
}

export async function deleteRegistration(ctx: IHookFunctions): Promise<boolean> {
	const slot = slotOf(ctx);
	const registration = readRegistration(ctx, slot);
	if (registration) await release(ctx, registration);
	writeRegistration(ctx, slot, undefined);
	return true;
}
