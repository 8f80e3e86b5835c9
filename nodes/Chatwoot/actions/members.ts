import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../shared/n8n/parameters';
import { accountRecords, accountRequest } from '../helpers/account';
import { idParameter } from '../helpers/fields';

import type { ResourceOperation } from './resource';
import { adminOnly, article } from './resource';

export function agentIdsField(description: string, required = true): INodeProperties {
	return {
		displayName: 'Agent Names or IDs',
		name: 'agentIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getAgents' },
		default: [],
		required,
		description: `${description} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
	};
}

/** User IDs from a multiOptions value, an array from an expression, or "1, 2". */
export function agentIds(this: IExecuteFunctions, itemIndex: number, allowNone = false): number[] {
	const raw = this.getNodeParameter('agentIds', itemIndex, []) as unknown;
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	const values = list.map((v) => String(v).trim()).filter((v) => v !== '');
	const ids = values.map(Number);
	const bad = values.filter((_v, i) => !Number.isInteger(ids[i]) || ids[i] <= 0);
	if (bad.length > 0) {
		throw new NodeOperationError(this.getNode(), `Agent IDs must be positive whole numbers, got "${bad.join('", "')}"`, {
			itemIndex,
		});
	}
	if (ids.length === 0 && !allowNone) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one agent', { itemIndex });
	}
	return [...new Set(ids)];
}

/**
 * The members of an inbox or a team. Both answer the same way (Chatwoot 4.15.1
 * InboxMembersController, TeamMembersController): GET lists the agents, POST adds
 * `user_ids`, PATCH makes `user_ids` the whole list, DELETE removes them; changes are
 * for administrators.
 */
export interface MembersSpec {
	resource: 'inbox' | 'team';
	/** The inbox or team dropdown. */
	container: INodeProperties;
	/** Label of the container in errors ("Inbox ID"). */
	containerLabel: string;
	listPath: (id: number) => string;
	writePath: (id: number) => string;
	/** Extra body of POST/PATCH/DELETE (the inbox routes name the inbox in the body). */
	writeBody?: (id: number, method: 'POST' | 'PATCH' | 'DELETE') => IDataObject;
	/** Operation values: get, add, set (replace), remove. */
	values: Record<'get' | 'add' | 'set' | 'remove', string>;
	noun: string;
}

/**
 * TeamMembersController#validate_member_id_params answers 401 "Invalid User IDs" for
 * users of other accounts: not a token problem, so say what it is.
 */
function explainInvalidUsers(error: unknown): unknown {
	if (error instanceof NodeApiError && error.httpCode === '401' && /Invalid User IDs/i.test(JSON.stringify(error.errorResponse ?? {}))) {
		error.message = 'Chatwoot refused the agent IDs: they are not agents of this account';
		error.description = 'Choose the agents from the list, or use IDs from Agent → Get Many of the same account.';
	}
	return error;
}

export function memberOperations(spec: MembersSpec): ResourceOperation[] {
	const { resource, noun } = spec;
	const one = article(noun);
	const show = (value: string, properties: INodeProperties[]) =>
		withDisplayOptions({ show: { resource: [resource], operation: [value] } }, properties);
	const container = (context: IExecuteFunctions, itemIndex: number) => idParameter.call(context, spec.container.name, itemIndex, spec.containerLabel);

	async function write(this: IExecuteFunctions, itemIndex: number, method: 'POST' | 'PATCH' | 'DELETE', userIds: number[]) {
		const id = container(this, itemIndex);
		try {
			const body = { ...spec.writeBody?.(id, method), user_ids: userIds };
			if (method === 'DELETE') {
				await accountRequest.call(this, itemIndex, { method, path: spec.writePath(id), body });
				return { id, userIds };
			}
			return { id, members: await accountRecords.call(this, itemIndex, { method, path: spec.writePath(id), body }) };
		} catch (error) {
			throw explainInvalidUsers(error);
		}
	}

	return [
		{
			option: { name: 'Get Agents', value: spec.values.get, action: `Get the agents of ${one}`, description: `List the agents of ${one}` },
			operation: {
				description: show(spec.values.get, [spec.container]),
				async execute(this: IExecuteFunctions, itemIndex: number) {
					return await accountRecords.call(this, itemIndex, { method: 'GET', path: spec.listPath(container(this, itemIndex)) });
				},
			},
		},
		{
			option: { name: 'Add Agents', value: spec.values.add, action: `Add agents to ${one}`, description: `Add agents to ${one}; current members stay` },
			operation: {
				description: show(spec.values.add, [spec.container, agentIdsField(`Agents to add to the ${noun}; current members stay.`)]),
				// Returns the members after the change, one item each.
				execute: adminOnly(async function (this: IExecuteFunctions, itemIndex: number) {
					return (await write.call(this, itemIndex, 'POST', agentIds.call(this, itemIndex))).members ?? [];
				}, `add agents to ${one}`),
			},
		},
		{
			option: { name: 'Replace Agents', value: spec.values.set, action: `Replace the agents of ${one}`, description: `Make the chosen agents the ${noun}'s only members` },
			operation: {
				description: show(spec.values.set, [
					spec.container,
					agentIdsField(`The complete new list of members; agents not listed are removed (an empty list removes everyone).`, false),
				]),
				execute: adminOnly(async function (this: IExecuteFunctions, itemIndex: number) {
					return (await write.call(this, itemIndex, 'PATCH', agentIds.call(this, itemIndex, true))).members ?? [];
				}, `replace the agents of ${one}`),
			},
		},
		{
			option: { name: 'Remove Agents', value: spec.values.remove, action: `Remove agents from ${one}`, description: `Remove agents from ${one}` },
			operation: {
				description: show(spec.values.remove, [spec.container, agentIdsField(`Agents to remove from the ${noun}.`)]),
				// Chatwoot answers an empty 200; the item summarises what was removed.
				execute: adminOnly(async function (this: IExecuteFunctions, itemIndex: number) {
					const { id, userIds } = await write.call(this, itemIndex, 'DELETE', agentIds.call(this, itemIndex));
					return { success: true, [`${resource}_id`]: id, removed_user_ids: userIds };
				}, `remove agents from ${one}`),
			},
		},
	];
}
