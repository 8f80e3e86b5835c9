import { createHash } from 'crypto';

import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CableParams } from '../../shared/actioncable';
import { markFatal } from '../../shared/actioncable';
import { getProfile } from '../helpers/account';
import { clientContactPath } from '../transport/clientApi';
import { chatwootRequest } from '../transport/request';

import { explainContactFailure, hmacFields } from './contactHmac';
import type { Actor } from './events';
import type { RestLimits } from './rest';

/** Who the subscription is for, resolved from the REST API before each (re)subscribe that needs it. */
export interface Identity {
	params: CableParams;
	/** Agent mode: the subscribed account. Contact mode: unknown until events arrive. */
	accountId?: number;
	/** The credential's own user (agent) or contact, for "exclude own actions". */
	actor: Actor;
	/** Cursor scope: changes when the account, user or contact changes. Holds no secret. */
	scope: string;
	/** Contact mode: the contact_inbox source_id (needed for Client API catch-up). */
	sourceId?: string;
}

/** Errors that will not heal by retrying (bad token, wrong account, unknown contact). */
function permanent(error: unknown): boolean {
	if (error instanceof NodeApiError) {
		const code = Number(error.httpCode);
		return code === 401 || code === 403 || code === 404 || code === 422;
	}
	return error instanceof NodeOperationError;
}

function classify<E>(error: E): E {
	if (permanent(error)) markFatal(error as unknown as Error);
	return error;
}

function shortHash(value: string): string {
	return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/**
 * Agent / account mode: `GET /api/v1/profile` gives the user's pubsub_token and id;
 * the account must be one of the user's accounts (Chatwoot would answer a wrong one
 * with silence, so check it here and say so).
 */
export async function resolveAgentIdentity(this: ITriggerFunctions, accountParam: number | undefined, limits: RestLimits = {}): Promise<Identity> {
	let profile;
	try {
		profile = await getProfile.call(this, limits);
	} catch (error) {
		throw classify(error);
	}
	const node = this.getNode();
	if (typeof profile?.pubsub_token !== 'string' || profile.pubsub_token === '' || profile.id === undefined) {
		throw markFatal(
			new NodeOperationError(node, 'The Chatwoot profile has no realtime token', {
				description:
					"GET /api/v1/profile returned no pubsub_token. The realtime trigger needs a user's access token (Profile Settings → Access Token), not an agent-bot or platform-app token.",
			}),
		);
	}
	const accounts = Array.isArray(profile.accounts) ? profile.accounts : [];
	const accountId = accountParam ?? Number(profile.account_id ?? accounts[0]?.id);
	if (!Number.isInteger(accountId) || accountId <= 0) {
		throw markFatal(
			new NodeOperationError(node, 'The access token has no Chatwoot account', { description: 'Choose the Account explicitly.' }),
		);
	}
	if (accounts.length > 0 && !accounts.some((a) => Number(a.id) === accountId)) {
		throw markFatal(
			new NodeOperationError(node, `The token's user is not a member of account ${accountId}`, {
				description: `Chatwoot would silently ignore the subscription. The user belongs to account(s) ${accounts.map((a) => a.id).join(', ')}: choose one of them in "Account".`,
			}),
		);
	}
	const userId = Number(profile.id);
	return {
		params: { channel: 'RoomChannel', pubsub_token: profile.pubsub_token, account_id: accountId, user_id: userId },
		accountId,
		actor: { type: 'user', id: userId },
		scope: `agent:${accountId}:${userId}`,
	};
}

export interface ContactOptions {
	inboxIdentifier: string;
	hmacToken?: string;
	/** 'sourceId': an existing contact_inbox. 'create': create (once) and remember it. */
	contactMode: 'sourceId' | 'create';
	sourceId?: string;
	/** The contact's identifier, for identity validation (HMAC) in "sourceId" mode. */
	identifier?: string;
	contact?: { name?: string; email?: string; phone_number?: string; identifier?: string };
	/** Node static data: remembers the created contact's source_id. */
	store: IDataObject;
	limits?: RestLimits;
}

interface PublicContact {
	source_id?: string;
	pubsub_token?: string;
	id?: number;
}

/**
 * Contact mode (Client API): the contact_inbox's pubsub_token, from its source_id
 * (`GET …/contacts/{source_id}`) or by creating the contact once (`POST …/contacts`)
 * and remembering its source_id in static data so re-activations reuse it.
 */
export async function resolveContactIdentity(this: ITriggerFunctions, options: ContactOptions): Promise<Identity> {
	const node = this.getNode();
	const fields = options.contact ?? {};
	const createdKey = `createdContact:${shortHash(`${options.inboxIdentifier}\n${fields.identifier ?? ''}\n${fields.email ?? ''}\n${fields.phone_number ?? ''}\n${fields.name ?? ''}`)}`;
	let contact: PublicContact | undefined;
	const sourceId = options.contactMode === 'sourceId' ? options.sourceId : (options.store[createdKey] as string | undefined);
	const hmac = hmacFields(options.hmacToken, options.contactMode === 'sourceId' ? options.identifier : fields.identifier);
	const hmacContext = { inboxIdentifier: options.inboxIdentifier, hashSent: !!hmac, hasToken: !!options.hmacToken, limits: options.limits };
	if (sourceId) {
		try {
			contact = (await chatwootRequest.call(this, {
				method: 'GET',
				path: clientContactPath(options.inboxIdentifier, sourceId),
				qs: hmac,
				credentialType: 'chatwootClientApi',
				// A 500 here is Chatwoot's verdict on the identifier hash, not a hiccup.
				retryServerErrors: false,
				secrets: hmac ? [{ value: String(hmac.identifier_hash), label: '<identifier hash>', inItems: false }] : [],
				...options.limits,
			})) as PublicContact;
		} catch (caught) {
			const error = await explainContactFailure.call(this, caught, hmacContext);
			const notFound = error instanceof NodeApiError && error.httpCode === '404';
			if (notFound && options.contactMode === 'sourceId') {
				throw markFatal(
					new NodeOperationError(node, 'No contact with this Source ID in the inbox', {
						description:
							"Chatwoot answered 404 for the contact. Check Source ID (the contact_inbox source_id, also called contact identifier) and the credential's Inbox Identifier.",
					}),
				);
			}
			// A remembered contact that is gone is created again below.
			if (!notFound) throw classify(error);
		}
	}
	if (!contact && options.contactMode === 'create') {
		const body: IDataObject = {};
		for (const [key, value] of Object.entries(fields)) if (value) body[key] = value;
		if (hmac) Object.assign(body, hmac);
		try {
			contact = (await chatwootRequest.call(this, {
				method: 'POST',
				path: clientContactPath(options.inboxIdentifier),
				body,
				credentialType: 'chatwootClientApi',
				...options.limits,
			})) as PublicContact;
		} catch (error) {
			throw classify(await explainContactFailure.call(this, error, hmacContext));
		}
		if (contact?.source_id) options.store[createdKey] = contact.source_id;
	}
	if (!contact || typeof contact.pubsub_token !== 'string' || contact.pubsub_token === '') {
		throw markFatal(
			new NodeOperationError(node, 'Chatwoot returned no realtime token for the contact', {
				description: 'The Client API contact response had no pubsub_token. Check that the inbox is an API-channel inbox.',
			}),
		);
	}
	return {
		params: { channel: 'RoomChannel', pubsub_token: contact.pubsub_token },
		actor: { type: 'contact', id: Number(contact.id) },
		scope: `contact:${shortHash(`${options.inboxIdentifier}\n${contact.source_id ?? sourceId ?? ''}`)}`,
		sourceId: contact.source_id ?? sourceId,
	};
}
