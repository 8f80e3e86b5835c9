import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['delete'] } }, [contactLocator()]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	await accountRequest.call(this, itemIndex, {
		method: 'DELETE',
		path: `/contacts/${id}`,
	});
	return { id, deleted: true };
}
