import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountRecord } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['get'] } }, [contactLocator()]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'contactId', itemIndex, 'Contact ID');
	return await accountRecord.call(this, itemIndex, {
		method: 'GET',
		path: `/contacts/${id}`,
	});
}
