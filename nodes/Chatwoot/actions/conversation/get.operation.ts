import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountRecord } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['get'] } }, [conversationLocator()]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	return await accountRecord.call(this, itemIndex, {
		method: 'GET',
		path: `/conversations/${id}`,
	});
}
