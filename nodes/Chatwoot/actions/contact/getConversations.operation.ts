import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecords } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['getConversations'] } }, [
	contactLocator(),
	{
		displayName: 'Chatwoot returns the contact\'s 20 most recently active conversations',
		name: 'conversationsNotice',
		type: 'notice',
		default: '',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	return await accountRecords.call(this, itemIndex, {
		method: 'GET',
		path: `/contacts/${id}/conversations`,
	});
}
