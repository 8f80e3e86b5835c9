import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountPath } from '../../helpers/account';
import { contactIdField, idParameter } from '../../helpers/fields';
import { extractRecords } from '../../transport/list';
import { chatwootRequest } from '../../transport/request';

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['getConversations'] } }, [
	contactIdField(),
	{
		displayName: 'Chatwoot returns the contact\'s 20 most recently active conversations',
		name: 'conversationsNotice',
		type: 'notice',
		default: '',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	const body = await chatwootRequest.call(this, {
		method: 'GET',
		path: await accountPath.call(this, itemIndex, `/contacts/${id}/conversations`),
		itemIndex,
	});
	return extractRecords(body);
}
