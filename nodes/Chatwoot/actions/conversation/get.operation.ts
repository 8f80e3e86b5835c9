import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { accountPath } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';
import { chatwootRequest } from '../../transport/request';

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['get'] } }, [conversationLocator()]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	return (await chatwootRequest.call(this, {
		method: 'GET',
		path: await accountPath.call(this, itemIndex, `/conversations/${id}`),
		itemIndex,
	})) as IDataObject;
}
