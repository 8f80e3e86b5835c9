import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

const properties: INodeProperties[] = [
	contactLocator(),
	{
		displayName: 'Inbox Name or ID',
		name: 'inboxId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getInboxes' },
		required: true,
		default: '',
		description:
			'Inbox in which to open the session. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Source ID',
		name: 'sourceId',
		type: 'string',
		default: '',
		description:
			'Session ID to use; leave empty to let Chatwoot generate one (a UUID for API and website inboxes, the phone or email for SMS, WhatsApp and email inboxes)',
	},
	{
		displayName: 'HMAC Verified',
		name: 'hmacVerified',
		type: 'boolean',
		default: false,
		description:
			"Whether your system has verified the contact's identity: Chatwoot then marks the session as verified, as identity validation (HMAC) would (Contacts::ContactInboxesController reads hmac_verified)",
	},
];

export const description = withDisplayOptions(
	{ show: { resource: ['contact'], operation: ['createContactInbox'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	const sourceId = this.getNodeParameter('sourceId', itemIndex, '') as string;
	const verified = this.getNodeParameter('hmacVerified', itemIndex, false) as boolean;
	return await accountRecord.call(this, itemIndex, {
		method: 'POST',
		path: `/contacts/${id}/contact_inboxes`,
		body: { inbox_id: Number(this.getNodeParameter('inboxId', itemIndex)), ...(sourceId ? { source_id: sourceId } : {}), ...(verified ? { hmac_verified: true } : {}) },
	});
}
