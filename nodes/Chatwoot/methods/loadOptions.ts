import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { botAccountId, getProfile, resolveAccountId } from '../helpers/account';
import { chatwootRecords } from '../transport/request';

function byName(a: INodePropertyOptions, b: INodePropertyOptions) {
	return a.name.localeCompare(b.name);
}

async function listInAccount(this: ILoadOptionsFunctions, suffix: string, qs?: IDataObject): Promise<IDataObject[]> {
	const accountId = await resolveAccountId.call(this, 0);
	return await chatwootRecords.call(this, { method: 'GET', path: `/api/v1/accounts/${accountId}${suffix}`, qs });
}

export async function getAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const botAccount = await botAccountId.call(this);
	if (botAccount !== undefined) return [{ name: `The Agent Bot Credential's Account (${botAccount})`, value: '' }];
	const profile = await getProfile.call(this);
	const current = (profile.accounts ?? []).find((a) => a.id === profile.account_id);
	const options = (profile.accounts ?? [])
		.map((a) => ({ name: `${a.name} (${a.id})`, value: a.id, description: a.role ? `Role: ${a.role}` : undefined }))
		.sort(byName);
	return [
		{
			name: current ? `Token's Current Account: ${current.name} (${current.id})` : "Token's Current Account",
			value: '',
		},
		...options,
	];
}

export async function getInboxes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const inboxes = await listInAccount.call(this, '/inboxes');
	return inboxes
		.map((i) => ({ name: `${i.name} (${i.id})`, value: i.id as number, description: String(i.channel_type ?? '') }))
		.sort(byName);
}

export async function getApiInboxes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const inboxes = await listInAccount.call(this, '/inboxes');
	return inboxes
		.filter((i) => i.channel_type === 'Channel::Api')
		.map((i) => ({ name: `${i.name} (${i.id})`, value: i.id as number }))
		.sort(byName);
}

export async function getAgents(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const agents = await listInAccount.call(this, '/agents');
	return agents
		.map((a) => ({
			name: `${a.available_name ?? a.name} (${a.id})`,
			value: a.id as number,
			description: [a.email, a.role].filter(Boolean).join(' · '),
		}))
		.sort(byName);
}

export async function getTeams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const teams = await listInAccount.call(this, '/teams');
	return teams.map((t) => ({ name: `${t.name} (${t.id})`, value: t.id as number })).sort(byName);
}

export async function getLabels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const labels = await listInAccount.call(this, '/labels');
	return labels
		.map((l) => ({ name: String(l.title), value: String(l.title), description: String(l.description ?? '') }))
		.sort(byName);
}

export async function getContactCustomAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const definitions = await listInAccount.call(this, '/custom_attribute_definitions', {
		attribute_model: 'contact_attribute',
	});
	return definitions
		.map((d) => ({ name: String(d.attribute_display_name ?? d.attribute_key), value: String(d.attribute_key) }))
		.sort(byName);
}

export async function getConversationCustomAttributes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const definitions = await listInAccount.call(this, '/custom_attribute_definitions', {
		attribute_model: 'conversation_attribute',
	});
	return definitions
		.map((d) => ({ name: String(d.attribute_display_name ?? d.attribute_key), value: String(d.attribute_key) }))
		.sort(byName);
}

export * from './recordOptions';
