import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecords } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['getContactableInboxes'] } }, [
	contactLocator(),
	{
		displayName:
			"One item per inbox the contact can be reached in, with its source_id there (the contact's address in that channel; empty where no session exists yet). Inboxes the token's user cannot see are left out.",
		name: 'contactableNotice',
		type: 'notice',
		default: '',
	},
]);

/** ContactsController#contactable_inboxes (Chatwoot 4.15.1): Contacts::ContactableInboxesService, {payload: [{inbox, source_id}]}. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	return await accountRecords.call(this, itemIndex, { method: 'GET', path: `/contacts/${id}/contactable_inboxes` });
}
