import { bool, longText, text } from '../fieldSpecs';
import { memberOperations } from '../members';
import type { ResourceSpec } from '../resource';
import { CRUD, crudOperations, defineResource, idProperty } from '../resource';

/**
 * Api::V1::Accounts::TeamsController (Chatwoot 4.15.1): `team` params name,
 * description, allow_auto_assign; TeamMembersController for the members. Every member
 * may list and read teams; create, update, delete and member changes are for
 * administrators (TeamPolicy, TeamMemberPolicy).
 */
export const team: ResourceSpec = {
	resource: 'team', noun: 'team', path: '/teams', id: { name: 'teamId', label: 'Team', method: 'getTeams' },
	fields: [
		text('name', 'Name', 'Chatwoot stores team names in lowercase', { required: true, placeholder: 'billing' }),
		longText('description', 'Description'),
		bool('allow_auto_assign', 'Allow Auto Assign', 'Whether a conversation assigned to the team is also assigned to one of its available agents', true),
	],
	admin: ['create', 'update', 'delete'],
	operations: CRUD,
};

export const { description, operations } = defineResource(
	'team',
	[
		...crudOperations(team),
		...memberOperations({
			resource: 'team',
			noun: 'team',
			container: idProperty(team.id!),
			containerLabel: 'Team ID',
			listPath: (id) => `/teams/${id}/team_members`,
			writePath: (id) => `/teams/${id}/team_members`,
			values: { get: 'getAgents', add: 'addAgents', set: 'setAgents', remove: 'removeAgents' },
		}),
	],
	'getAll',
);
