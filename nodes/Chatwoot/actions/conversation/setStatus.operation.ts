import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountPath } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';
import { chatwootRecord, chatwootRequest } from '../../transport/request';

import { toEpochSeconds } from './fields';

const properties: INodeProperties[] = [
	conversationLocator(),
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'resolved',
		options: [
			{ name: 'Open', value: 'open' },
			{ name: 'Pending', value: 'pending' },
			{ name: 'Resolved', value: 'resolved' },
			{ name: 'Snoozed', value: 'snoozed' },
			{ name: 'Toggle Open / Resolved', value: 'toggle' },
		],
	},
	{
		displayName: 'Snoozed Until',
		name: 'snoozedUntil',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { status: ['snoozed'] } },
		description: 'When the conversation reopens; leave empty to snooze until the next reply',
	},
];

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['setStatus'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const path = await accountPath.call(this, itemIndex, `/conversations/${id}`);
	let status = this.getNodeParameter('status', itemIndex) as string;
	if (status === 'toggle') {
		// The contract requires a status, so resolve the toggle against the current one.
		const current = (await chatwootRequest.call(this, { method: 'GET', path, itemIndex })) as IDataObject;
		status = current.status === 'open' ? 'resolved' : 'open';
	}
	const body: IDataObject = { status };
	if (status === 'snoozed') {
		const raw = this.getNodeParameter('snoozedUntil', itemIndex, '');
		const until = toEpochSeconds(raw);
		if (raw !== '' && until === undefined) {
			throw new NodeOperationError(this.getNode(), `"${raw}" is not a date`, { itemIndex });
		}
		if (until !== undefined) body.snoozed_until = until;
	}
	return await chatwootRecord.call(this, { method: 'POST', path: `${path}/toggle_status`, body, itemIndex });
}
