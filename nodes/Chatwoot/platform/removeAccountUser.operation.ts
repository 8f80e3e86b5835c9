import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../shared/n8n/parameters';
import { idProperty, idValue, resourceRequest } from '../actions/resource';

import { platformAccountUser, userId } from './resources';

/**
 * AccountUsersController#destroy (Chatwoot 4.15.1): DELETE …/account_users with `user_id`;
 * `head :ok` also when the user was no member (find_by(...)&.destroy!).
 */
export const description = withDisplayOptions({ show: { resource: ['accountUser'], operation: ['remove'] } }, [
	idProperty(platformAccountUser.parents![0]),
	{ ...idProperty(userId), description: 'The user to take out of the account; the user itself stays' },
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const user = Number(idValue.call(this, userId, itemIndex));
	await resourceRequest.call(this, platformAccountUser, itemIndex, { method: 'DELETE', body: { user_id: user } });
	return { account_id: Number(idValue.call(this, platformAccountUser.parents![0], itemIndex)), user_id: user, removed: true };
}
