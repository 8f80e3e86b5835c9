import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['get'] } }, [contactLocator()]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	return await accountRecord.call(this, itemIndex, {
		method: 'GET',
		path: `/contacts/${id}`,
	});
}
