/*
 * The ChatApp Trigger's registration: one callback URL per license + messenger
 * (PUT …/callbackUrl), the URL that was there before kept for deactivation, and an
 * unguessable URL secret, since ChatApp does not sign webhooks.
 */
import { randomBytes } from 'crypto';

import type { IDataObject, IHookFunctions, IWebhookFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { activationKey, rememberActivation } from '../../shared/n8n/activationState';
import { sameStringSet } from '../../shared/sets';
import { CHATAPP_EVENTS, CHATAPP_OTHER_EVENTS } from '../helpers/events';
import type { LicenseMessenger } from '../helpers/licenseMessenger';
import { licenseMessengerList } from '../helpers/licenseMessenger';
import { chatAppList, chatAppPath, chatAppRequest } from '../transport/request';

interface CallbackSetting {
	url: string;
	events: string[];
}

interface Registration extends CallbackSetting {
	licenseId: string;
	messengerType: string;
	/** What was registered before we replaced it; restored on deactivation. */
	previous: CallbackSetting | null;
}

interface TriggerState {
	/** Unguessable token in the registered URL's query (`?secret=`); ChatApp does not sign webhooks. */
	secret?: string;
	registrations?: Registration[];
}

type Pair = LicenseMessenger;

/** Names sent to ChatApp when only "Any Other Event" is selected. */
const LICENSE_CHANNEL_EVENTS = CHATAPP_EVENTS.filter((e) => e.channel === 'licenseMessenger').map((e) => e.name);

/** What activation stored in the node's static data. */
export function triggerState(context: IHookFunctions | IWebhookFunctions): TriggerState {
	return context.getWorkflowStaticData('node') as TriggerState;
}

function parsePairs(context: IHookFunctions): Pair[] {
	const pairs = licenseMessengerList(context.getNode(), context.getNodeParameter('subscriptions', []));
	if (pairs.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Select at least one license and messenger');
	}
	return pairs;
}

/** Event names registered at ChatApp: the override option, else the selected known names. */
function registeredEvents(context: IHookFunctions): string[] {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const override = String(options.registeredEvents ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (override.length) return [...new Set(override)];
	const selected = (context.getNodeParameter('events', []) as string[]).filter((e) => e !== CHATAPP_OTHER_EVENTS);
	if (selected.length) return [...new Set(selected)];
	if ((context.getNodeParameter('events', []) as string[]).includes(CHATAPP_OTHER_EVENTS)) return LICENSE_CHANNEL_EVENTS;
	throw new NodeOperationError(context.getNode(), 'Select at least one event');
}

function registeredUrl(webhookUrl: string, secret: string, pair: Pair): string {
	const query = new URLSearchParams({ secret, licenseId: pair.licenseId, messengerType: pair.messengerType });
	return `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${query.toString()}`;
}

function withoutQuery(url: string): string {
	return url.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

function entryFor(entries: IDataObject[], pair: Pair): IDataObject | undefined {
	return entries.find(
		(e) => String(e.licenseId) === pair.licenseId && String(e.messengerType) === pair.messengerType,
	);
}

async function listCallbackUrls(this: IHookFunctions): Promise<IDataObject[]> {
	const path = await chatAppPath.call(this, 'callbackUrls.getAll', {});
	return chatAppList(await chatAppRequest.call(this, { method: 'GET', path })).items;
}

async function putCallbackUrl(this: IHookFunctions, pair: Pair, setting: CallbackSetting): Promise<void> {
	const path = await chatAppPath.call(this, 'callbackUrl.set', { ...pair });
	await chatAppRequest.call(this, { method: 'PUT', path, body: { url: setting.url, events: setting.events } });
}

async function deleteCallbackUrl(this: IHookFunctions, pair: Pair): Promise<void> {
	const path = await chatAppPath.call(this, 'callbackUrl.delete', { ...pair });
	try {
		await chatAppRequest.call(this, { method: 'DELETE', path });
	} catch (error) {
		// Already gone: nothing to delete.
		if ((error as NodeApiError).httpCode === '404') return;
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/** Puts back the URL we replaced, or deletes ours when there was none. */
async function release(this: IHookFunctions, registration: Registration, restore: boolean): Promise<void> {
	if (restore && registration.previous?.url) {
		await putCallbackUrl.call(this, registration, registration.previous);
	} else {
		await deleteCallbackUrl.call(this, registration);
	}
}

function asNodeError(context: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) return error;
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

function describeFailures(failures: Array<{ pair: Pair; error: unknown }>): string {
	return failures.map((f) => `${f.pair.licenseId}/${f.pair.messengerType}: ${(f.error as Error).message}`).join('; ');
}

/** True only when every selected pair points at this node's URL (with our secret) and events. */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	const data = triggerState(this);
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	if (!data.secret || !data.registrations?.length) return false;
	const pairs = parsePairs(this);
	const events = registeredEvents(this);
	const current = await listCallbackUrls.call(this);
	for (const pair of pairs) {
		const entry = entryFor(current, pair);
		if (!entry || entry.url !== registeredUrl(webhookUrl, data.secret, pair) || !sameStringSet(entry.events, events)) {
			return false;
		}
		if (!data.registrations.some((r) => r.licenseId === pair.licenseId && r.messengerType === pair.messengerType)) {
			return false;
		}
	}
	return true;
}

export async function createRegistration(this: IHookFunctions): Promise<boolean> {
	const data = triggerState(this);
	const webhookUrl = this.getNodeWebhookUrl('default') as string;
	const pairs = parsePairs(this);
	const events = registeredEvents(this);
	const isTest = this.getActivationMode() === 'manual' || this.getMode() === 'manual';
	const webhookId = this.getNode().webhookId;
	const ownPath = withoutQuery(webhookUrl);
	/** An URL of this very node: our own registration, or (in production) our test registration. */
	const belongsToThisNode = (url: string) => {
		const bare = withoutQuery(url);
		if (bare === ownPath) return true;
		return !isTest && !!webhookId && bare.endsWith(`/${webhookId}/webhook`);
	};

	if (!data.secret) data.secret = randomBytes(24).toString('hex');
	const secret = data.secret;
	// Deliveries may arrive before n8n has saved static data (nodes/shared/n8n/activationState.ts).
	rememberActivation(activationKey(this), { secret });
	const earlier = data.registrations ?? [];
	const current = await listCallbackUrls.call(this);
	const done: Registration[] = [];
	for (const pair of pairs) {
		const entry = entryFor(current, pair);
		let previous: CallbackSetting | null = null;
		if (entry && typeof entry.url === 'string' && entry.url !== '') {
			previous = belongsToThisNode(entry.url)
				? (earlier.find((r) => r.licenseId === pair.licenseId && r.messengerType === pair.messengerType)
						?.previous ?? null)
				: { url: entry.url, events: Array.isArray(entry.events) ? entry.events.map(String) : [] };
		}
		const registration: Registration = { ...pair, url: registeredUrl(webhookUrl, secret, pair), events, previous };
		try {
			await putCallbackUrl.call(this, pair, registration);
		} catch (error) {
			// Undo the pairs already switched to this trigger, then report.
			const rollbackFailures: Array<{ pair: Pair; error: unknown }> = [];
			for (const made of done) {
				try {
					await release.call(this, made, true);
				} catch (rollbackError) {
					rollbackFailures.push({ pair: made, error: rollbackError });
				}
			}
			data.registrations = rollbackFailures.length
				? done.filter((d) => rollbackFailures.some((f) => f.pair === d))
				: [];
			const nodeError = asNodeError(this, error);
			if (rollbackFailures.length) {
				nodeError.description = `${nodeError.description ?? ''} Could not undo the registration of ${describeFailures(rollbackFailures)}.`.trim();
			}
			if (nodeError instanceof NodeApiError) throw new NodeApiError(this.getNode(), nodeError as unknown as JsonObject);
			throw new NodeOperationError(this.getNode(), nodeError);
		}
		done.push(registration);
	}
	data.registrations = done;
	return true;
}

/** Restores or deletes each registration that still points at us; leaves URLs someone else set. */
export async function deleteRegistration(this: IHookFunctions): Promise<boolean> {
	const data = triggerState(this);
	const registrations = data.registrations ?? [];
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const restore = options.restorePrevious !== false;
	if (registrations.length === 0) {
		delete data.registrations;
		delete data.secret;
		rememberActivation(activationKey(this), undefined);
		return true;
	}
	const current = await listCallbackUrls.call(this);
	const failures: Array<{ pair: Pair; error: unknown }> = [];
	const kept: Registration[] = [];
	for (const registration of registrations) {
		const entry = entryFor(current, registration);
		if (!entry || entry.url !== registration.url) continue;
		try {
			await release.call(this, registration, restore);
		} catch (error) {
			failures.push({ pair: registration, error });
			kept.push(registration);
		}
	}
	if (failures.length) {
		data.registrations = kept;
		const first = asNodeError(this, failures[0].error);
		first.description = `Could not remove the ChatApp callback URL of ${describeFailures(failures)}. Remove it with the ChatApp node (Webhook → Delete) if it stays.`;
		if (first instanceof NodeApiError) throw new NodeApiError(this.getNode(), first as unknown as JsonObject);
		throw new NodeOperationError(this.getNode(), first);
	}
	delete data.registrations;
	delete data.secret;
	rememberActivation(activationKey(this), undefined);
	return true;
}
