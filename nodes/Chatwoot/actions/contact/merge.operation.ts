import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRequest } from '../../helpers/account';
import { contactLocator, idParameter } from '../../helpers/fields';

export const description = withDisplayOptions({ show: { resource: ['contact'], operation: ['merge'] } }, [
	contactLocator('baseContactId', 'Base Contact', 'The contact that remains and receives all data'),
	contactLocator('mergeeContactId', 'Contact to Merge', 'The contact folded into the base contact and then deleted'),
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const base = idParameter.call(this, 'baseContactId', itemIndex, 'Base Contact ID');
	const mergee = idParameter.call(this, 'mergeeContactId', itemIndex, 'Contact ID to Merge');
	if (base === mergee) {
		throw new NodeOperationError(this.getNode(), 'A contact cannot be merged into itself', { itemIndex });
	}
	const response = (await accountRequest.call(this, itemIndex, {
		method: 'POST',
		path: '/actions/contact_merge',
		body: { base_contact_id: base, mergee_contact_id: mergee },
	})) as IDataObject;
	return { ...response, base_contact_id: base, merged_contact_id: mergee };
}
