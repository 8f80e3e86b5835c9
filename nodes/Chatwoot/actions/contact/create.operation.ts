import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { sortedBy, withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';

import { contactAttributeOptions, contactBody } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Inbox Name or ID',
		name: 'inboxId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getInboxes' },
		required: true,
		default: '',
		description:
			'Inbox in which to open a session (contact inbox) for the new contact; its source_id is returned. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: sortedBy(
			[
				...contactAttributeOptions.filter((o) => o.name !== 'name'),
				<INodeProperties>{
					displayName: 'Source ID',
					name: 'source_id',
					type: 'string',
					default: '',
					description: 'Session ID to use in the inbox instead of a generated one (API inboxes)',
				},
			],
			(o) => o.displayName,
		),
	},
];

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const name = this.getNodeParameter('name', itemIndex, '') as string;
	const body = contactBody.call(this, { ...fields, ...(name ? { name } : {}) }, itemIndex);
	body.inbox_id = Number(this.getNodeParameter('inboxId', itemIndex));
	if (fields.source_id) body.source_id = fields.source_id;
	const response = (await accountRequest.call(this, itemIndex, {
		method: 'POST',
		path: '/contacts',
		body,
	})) as IDataObject;
	// Chatwoot answers {payload:{contact, contact_inbox}} (the spec says a flat contact).
	const payload = (response.payload ?? response) as IDataObject;
	const contact = (payload.contact ?? payload) as IDataObject;
	const contactInbox = payload.contact_inbox as IDataObject | undefined;
	return { ...contact, contact_inbox: contactInbox ?? null, source_id: contactInbox?.source_id ?? null };
}
