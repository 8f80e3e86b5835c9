import type { INodeProperties } from 'n8n-workflow';

/** On both Chatwoot credentials: where the realtime trigger may send the credential's realtime token (issue 14.10). */
export const realtimeHostsProperty: INodeProperties = {
	displayName: 'Other Realtime Hosts',
	name: 'realtimeHosts',
	type: 'string',
	default: '',
	placeholder: 'cable.example.com',
	description:
		"Optional. Host names, comma-separated, where the Chatwoot Realtime Trigger's WebSocket URL option may send this credential's realtime token, for installations that serve /cable from another host. The Base URL's host (any port or path) is always allowed; no other host is.",
};
