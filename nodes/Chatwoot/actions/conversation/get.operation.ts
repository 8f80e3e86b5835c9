import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['get'] } }, [conversationLocator()]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	return await accountRecord.call(this, itemIndex, {
		method: 'GET',
		path: `/conversations/${id}`,
	});
}
