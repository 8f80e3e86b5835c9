import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { chatwootRecords } from '../transport/request';

/** The dropdowns of the Platform node: what this platform app created (AccountsController#index, AgentBotsController#index). */
async function optionsOf(context: ILoadOptionsFunctions, path: string): Promise<INodePropertyOptions[]> {
	const records: IDataObject[] = await chatwootRecords.call(context, { method: 'GET', path, credentialType: 'chatwootPlatformApi' });
	return records.map((r) => ({ name: `${String(r.name)} (${String(r.id)})`, value: Number(r.id) })).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getPlatformAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await optionsOf(this, '/platform/api/v1/accounts');
}

export async function getPlatformAgentBots(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await optionsOf(this, '/platform/api/v1/agent_bots');
}
