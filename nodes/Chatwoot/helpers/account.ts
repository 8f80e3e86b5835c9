import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ChatwootContext, ChatwootRequest } from '../transport/request';
import { chatwootRecord, chatwootRecords, chatwootRequest } from '../transport/request';

export const accountField: INodeProperties = {
	displayName: 'Account Name or ID',
	name: 'accountId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getAccounts' },
	default: '',
	description:
		'Chatwoot account to work in. Leave the default to use the token\'s current account. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export interface ChatwootProfile extends IDataObject {
	id: number;
	account_id?: number;
	pubsub_token?: string;
	accounts?: Array<{ id: number; name: string; role?: string }>;
}

export async function getProfile(this: ChatwootContext, limits?: Pick<ChatwootRequest, 'timeoutMs' | 'maxRetries' | 'abortSignal'>): Promise<ChatwootProfile> {
	return (await chatwootRequest.call(this, { method: 'GET', path: '/api/v1/profile', ...limits })) as ChatwootProfile;
}

const defaultAccounts = new WeakMap<object, Promise<number>>();

async function profileAccountId(this: ChatwootContext): Promise<number> {
	const profile = await getProfile.call(this);
	const id = profile.account_id ?? profile.accounts?.[0]?.id;
	if (id === undefined) {
		throw new NodeOperationError(this.getNode(), 'The access token has no Chatwoot account', {
			description: 'Enter the Account ID explicitly.',
		});
	}
	return Number(id);
}

/** The credential's account when it holds an agent-bot token (which cannot read the profile), else undefined. */
export async function botAccountId(this: ChatwootContext, itemIndex?: number): Promise<number | undefined> {
	const credentials = await this.getCredentials('chatwootApi', itemIndex);
	if (credentials.kind !== 'agentBot') return undefined;
	const id = Number(credentials.accountId);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(this.getNode(), 'The agent-bot credential has no account ID', {
			description: "Enter the bot's account ID in the Chatwoot API credential (the number after /app/accounts/ in the Chatwoot URL).",
		});
	}
	return id;
}

async function defaultAccountId(this: ChatwootContext, itemIndex: number): Promise<number> {
	return (await botAccountId.call(this, itemIndex)) ?? (await profileAccountId.call(this));
}

/**
 * The account to use for item `itemIndex`: the parameter when set, otherwise the
 * credential's account (agent-bot tokens) or the profile's current account (looked up
 * once per execution).
 */
export async function resolveAccountId(
	this: IExecuteFunctions | ILoadOptionsFunctions | ChatwootContext,
	itemIndex = 0,
	parameterName = 'accountId',
): Promise<number> {
	// Execute contexts take (name, itemIndex, fallback); hook, trigger and load-options
	// contexts take (name, fallback).
	const raw = (
		'getInputData' in this
			? (this as IExecuteFunctions).getNodeParameter(parameterName, itemIndex, '')
			: (this as ILoadOptionsFunctions).getNodeParameter(parameterName, '')
	) as string | number;
	if (raw !== '' && raw !== undefined && raw !== null) {
		const id = Number(raw);
		if (!Number.isInteger(id) || id <= 0) {
			throw new NodeOperationError(this.getNode(), `"${raw}" is not a Chatwoot account ID`, {
				description: 'Account IDs are positive integers, as in /app/accounts/<id>/ in the Chatwoot URL.',
				itemIndex,
			});
		}
		return id;
	}
	let pending = defaultAccounts.get(this);
	if (!pending) {
		pending = defaultAccountId.call(this as ChatwootContext, itemIndex);
		defaultAccounts.set(this, pending);
		pending.catch(() => defaultAccounts.delete(this));
	}
	return await pending;
}

export async function accountPath(
	this: IExecuteFunctions | ChatwootContext,
	itemIndex: number,
	suffix: string,
): Promise<string> {
	const accountId = await resolveAccountId.call(this, itemIndex);
	return `/api/v1/accounts/${accountId}${suffix}`;
}

/** A request below `/api/v1/accounts/<account of the item>`: `path` starts there. */
export type AccountRequest = Omit<ChatwootRequest, 'itemIndex'>;

async function inAccount(
	this: IExecuteFunctions | ChatwootContext,
	itemIndex: number,
	request: AccountRequest,
): Promise<ChatwootRequest> {
	return { ...request, path: await accountPath.call(this, itemIndex, request.path), itemIndex };
}

/** The parsed body of an account-scoped request. */
export async function accountRequest(this: IExecuteFunctions | ChatwootContext, itemIndex: number, request: AccountRequest): Promise<unknown> {
	return await chatwootRequest.call(this, await inAccount.call(this, itemIndex, request));
}

/** One record of an account-scoped request (`{payload: …}` unwrapped). */
export async function accountRecord(
	this: IExecuteFunctions | ChatwootContext,
	itemIndex: number,
	request: AccountRequest,
): Promise<IDataObject> {
	return await chatwootRecord.call(this, await inAccount.call(this, itemIndex, request));
}

/** The records of an account-scoped list request (any of Chatwoot's envelopes unwrapped). */
export async function accountRecords(
	this: IExecuteFunctions | ChatwootContext,
	itemIndex: number,
	request: AccountRequest,
): Promise<IDataObject[]> {
	return await chatwootRecords.call(this, await inAccount.call(this, itemIndex, request));
}
