import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { CableTiming } from '../shared/actioncable';
import { CableError, cableHostAllowed, cableUrlFor, describeEnd, hostList, originFor } from '../shared/actioncable';
import { secondsOption } from '../shared/n8n/parameters';
import { RealtimeRun } from '../shared/n8n/realtimeRun';

import { getAccounts, getInboxes } from './methods/loadOptions';
import { backfillAgent, backfillContact } from './realtime/backfill';
import { ConversationChanges } from './realtime/changes';
import { realtimeProperties } from './realtime/description';
import type { EventFilterOptions } from './realtime/events';
import { idSet } from './realtime/events';
import type { Identity } from './realtime/identity';
import { resolveAgentIdentity, resolveContactIdentity } from './realtime/identity';
import { restLimits } from './realtime/rest';
import type { FetchMissed } from './realtime/session';
import { RealtimeSession } from './realtime/session';
import { normalizeChatwootBaseUrl } from './transport/baseUrl';
import { chatwootCredentialTests } from './transport/credentialTest';

const AGENT_PRESENCE_MS = 20_000;
const CONTACT_PRESENCE_MS = 60_000;

/** Turns a client failure into an error that tells the user what to fix. */
function describeFatal(
	this: ITriggerFunctions,
	error: Error,
	mode: 'agent' | 'contact',
	identity: Identity | undefined,
	subscriptionTimeoutMs: number,
): Error {
	const node = this.getNode();
	if (!(error instanceof CableError)) {
		return error instanceof NodeOperationError || (error as { node?: unknown }).node
			? error
			: new NodeOperationError(node, error.message || 'The Chatwoot realtime connection failed');
	}
	if (error.kind === 'auth') {
		const rejected = error.end?.reason === 'rejected';
		if (mode === 'agent') {
			return new NodeOperationError(
				node,
				`Chatwoot did not accept the realtime subscription${identity?.accountId ? ` for account ${identity.accountId}` : ''}`,
				{
					description: `${rejected ? 'The server rejected the subscription' : `No confirmation arrived within ${subscriptionTimeoutMs / 1000} s, twice, with a freshly read profile`}. The access token works, so Chatwoot did not recognise the user's realtime token for this account: check the Account, and if the user's password changed recently, re-save the credential. If this installation serves /cable elsewhere, set Options → WebSocket URL.`,
				},
			);
		}
		return new NodeOperationError(node, 'Chatwoot did not accept the realtime subscription for this contact', {
			description: `${rejected ? 'The server rejected the subscription' : `No confirmation arrived within ${subscriptionTimeoutMs / 1000} s, twice`}. The contact's inbox link may have been deleted: check the Source ID, or create the contact again.`,
		});
	}
	if (error.kind === 'server_disconnect') {
		return new NodeOperationError(node, 'Chatwoot closed the realtime connection and asked not to reconnect', {
			description: `Reason given by the server: ${error.end?.disconnectReason ?? 'none'}. n8n will re-activate the trigger; if this repeats, check the Chatwoot server logs.`,
		});
	}
	const end = error.end;
	let hint = 'Check that Chatwoot is reachable from n8n.';
	if (end?.reason === 'handshake_failed') {
		hint =
			end.statusCode === 404 || end.statusCode === 400 || end.statusCode === 426
				? 'The WebSocket upgrade on /cable was refused: a proxy in front of Chatwoot (nginx, Cloudflare) must pass WebSocket upgrades on /cable, or set Options → WebSocket URL.'
				: 'The server refused the WebSocket upgrade; check the Base URL and Options → WebSocket URL.';
	} else if (end?.reason === 'stale') {
		hint = 'The server stopped sending its pings. A proxy may be cutting idle WebSocket connections.';
	}
	if (error.kind === 'unstable') {
		const flapping = end?.confirmed === true;
		return new NodeOperationError(
			node,
			flapping ? 'The Chatwoot realtime connection keeps dropping' : 'No Chatwoot realtime connection within the reconnect timeout',
			{
				description: `${error.message}. ${
					flapping
						? 'The server confirms the subscription, then closes it: check the Chatwoot (or proxy) logs for what ends the connection, such as a proxy timeout or connection limit.'
						: hint
				} n8n will re-activate the trigger.`,
			},
		);
	}
	return new NodeOperationError(node, `Lost the Chatwoot realtime connection after ${error.attempts ?? 'several'} failed reconnects`, {
		description: `Last failure: ${end ? describeEnd(end) : error.message}. ${hint}`,
	});
}

export class ChatwootRealtimeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Chatwoot Realtime Trigger',
		name: 'chatwootRealtimeTrigger',
		icon: { light: 'file:../../icons/chatwoot.svg', dark: 'file:../../icons/chatwoot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["mode"] === "contact" ? "As contact" : "As agent"}}',
		description: "Starts the workflow on live Chatwoot events over Chatwoot's WebSocket (/cable); needs no public URL",
		defaults: {
			name: 'Chatwoot Realtime Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'chatwootApi',
				required: true,
				testedBy: 'chatwootApiTest',
				displayOptions: { show: { mode: ['agent'] } },
			},
			{
				name: 'chatwootClientApi',
				required: true,
				testedBy: 'chatwootClientApiTest',
				displayOptions: { show: { mode: ['contact'] } },
			},
		],
		properties: realtimeProperties,
	};

	methods = {
		loadOptions: { getAccounts, getInboxes },
		credentialTest: chatwootCredentialTests,
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const node = this.getNode();
		const mode = this.getNodeParameter('mode', 'agent') as 'agent' | 'contact';
		const events = (this.getNodeParameter('events', []) as string[]) ?? [];
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const run = new RealtimeRun(this);
		const store = this.getWorkflowStaticData('node');

		const credentials = await this.getCredentials(mode === 'agent' ? 'chatwootApi' : 'chatwootClientApi');
		const baseUrl = normalizeChatwootBaseUrl(credentials.baseUrl);
		let url: string;
		try {
			url = cableUrlFor(baseUrl, options.websocketUrl as string | undefined);
		} catch (error) {
			throw new NodeOperationError(node, (error as Error).message, {
				description: "Set the credential's Base URL to the root of your Chatwoot installation, or fix Options → WebSocket URL.",
			});
		}
		// The subscription carries the credential's realtime token: only to the credential's host or its allow-list.
		if (!cableHostAllowed(url, baseUrl, hostList(credentials.realtimeHosts))) {
			throw new NodeOperationError(node, `The WebSocket URL's host "${new URL(url).hostname}" is not the credential's Chatwoot host`, {
				description: `The realtime subscription carries the credential's token, so it goes only to the Base URL's host (${new URL(baseUrl).hostname}, any port or path) or to a host listed in the credential's "Other Realtime Hosts". Add the host there, or fix Options → WebSocket URL.`,
			});
		}

		const filter: EventFilterOptions = {
			events: events.length ? new Set(events) : null,
			inboxIds: mode === 'agent' ? idSet(options.inboxIds) : null,
			conversationIds: idSet(options.conversationIds),
			excludePrivate: options.excludePrivate === true,
			excludeActor: null,
		};

		let resolveIdentity: (refresh: boolean, signal: AbortSignal) => Promise<Identity>;
		let fetchMissed: FetchMissed;
		const scope = { inboxIds: filter.inboxIds, conversationIds: filter.conversationIds };
		if (mode === 'agent') {
			const rawAccount = this.getNodeParameter('accountId', '') as string | number;
			let accountId: number | undefined;
			if (rawAccount !== '' && rawAccount !== undefined && rawAccount !== null) {
				accountId = Number(rawAccount);
				if (!Number.isInteger(accountId) || accountId <= 0) {
					throw new NodeOperationError(node, `"${rawAccount}" is not a Chatwoot account ID`, {
						description: 'Account IDs are positive integers, as in /app/accounts/<id>/ in the Chatwoot URL.',
					});
				}
			}
			resolveIdentity = async (_refresh, signal) => await resolveAgentIdentity.call(this, accountId, restLimits(signal));
			fetchMissed = async (identity, window, cursor, signal) =>
				await backfillAgent.call(this, identity.accountId!, window, cursor, scope, restLimits(signal));
		} else {
			const inboxIdentifier = String(credentials.inboxIdentifier ?? '').trim();
			if (!inboxIdentifier) {
				throw new NodeOperationError(node, 'The Chatwoot Client API credential has no Inbox Identifier');
			}
			const contactSource = this.getNodeParameter('contactSource', 'sourceId') as 'sourceId' | 'create';
			const sourceId = contactSource === 'sourceId' ? String(this.getNodeParameter('sourceId', '')).trim() : undefined;
			if (contactSource === 'sourceId' && !sourceId) {
				throw new NodeOperationError(node, 'Enter the Source ID of the contact to listen as');
			}
			const contactFields = contactSource === 'create' ? (this.getNodeParameter('contactFields', {}) as IDataObject) : {};
			const hmacIdentifier = contactSource === 'sourceId' ? String(this.getNodeParameter('hmacIdentifier', '') ?? '').trim() : undefined;
			let resolvedSourceId = sourceId;
			resolveIdentity = async (_refresh, signal) => {
				const identity = await resolveContactIdentity.call(this, {
					limits: restLimits(signal),
					inboxIdentifier,
					hmacToken: (credentials.hmacToken as string) || undefined,
					contactMode: contactSource,
					sourceId,
					identifier: hmacIdentifier || undefined,
					contact: contactFields as ContactFields,
					store,
				});
				resolvedSourceId = identity.sourceId ?? resolvedSourceId;
				return identity;
			};
			fetchMissed = async (_identity, window, cursor, signal) =>
				resolvedSourceId
					? await backfillContact.call(this, inboxIdentifier, resolvedSourceId, window, cursor, scope, restLimits(signal))
					: [];
		}

		const subscriptionTimeoutMs = secondsOption(options.subscriptionTimeout, 10);
		const timing: Partial<CableTiming> = {
			confirmTimeoutMs: subscriptionTimeoutMs,
			handshakeTimeoutMs: Math.max(subscriptionTimeoutMs, 5_000),
			staleAfterMs: secondsOption(options.staleAfter, 10),
			reconnectBaseMs: secondsOption(options.reconnectDelay, 1),
			reconnectCapMs: secondsOption(options.maxReconnectDelay, 60),
			maxConsecutiveFailures: Math.max(1, Math.floor(Number(options.maxReconnectAttempts ?? 10)) || 10),
			maxDowntimeMs: secondsOption(options.reconnectTimeout, 300),
			presenceIntervalMs: options.keepPresence === true ? (mode === 'agent' ? AGENT_PRESENCE_MS : CONTACT_PRESENCE_MS) : 0,
		};

		const session = new RealtimeSession({
			url,
			origin: originFor(baseUrl),
			// A test run wants the next live event, not the backlog.
			backfill: options.catchUp !== false && !run.manual,
			filter,
			excludeOwn: options.excludeOwn === true,
			burstMs: Number(options.burstSeconds) > 0 ? secondsOption(options.burstSeconds, 0) : 0,
			changes: new ConversationChanges((options.conversationChanges as string[] | undefined) ?? []),
			timing,
			store,
			resolveIdentity,
			fetchMissed,
			emit: (item) =>
				run.emit([[{ json: item }]], () => {
					const id = (item.data as IDataObject | undefined)?.id;
					return `${String(item.event)} event${id !== undefined ? ` ${String(id)}` : ''}`;
				}),
			onFatal: (error, identity) => this.emitError(describeFatal.call(this, error, mode, identity, subscriptionTimeoutMs)),
			logger: this.logger,
		});
		return run.respond(session);
	}
}

type ContactFields = { name?: string; email?: string; phone_number?: string; identifier?: string };
