import { spawnSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

/*
 * The architecture is enforced by lint (eslint.config.mjs → architectureZones); these
 * tests make sure the guard bites, and that no source file outgrows 400 lines.
 */
const root = join(__dirname, '..', '..');
const eslint = join(root, 'node_modules', '.bin', 'eslint');

function lint(filePath: string, code: string): string {
	const result = spawnSync(eslint, ['--stdin', '--stdin-filename', filePath, '--format', 'json'], {
		cwd: root,
		input: code,
		encoding: 'utf8',
	});
	return `${result.stdout}${result.stderr}`;
}

describe('lint guards the layout', () => {
	test.each([
		['shared code importing a platform', 'nodes/shared/probe.ts', "import { chatwootRequest } from '../Chatwoot/transport/request';\nexport const x = chatwootRequest;\n", 'import-x/no-restricted-paths'],
		['one platform importing the other', 'nodes/ChatApp/actions/probe.ts', "import { accountField } from '../../Chatwoot/helpers/account';\nexport const x = accountField;\n", 'import-x/no-restricted-paths'],
		["a node's folder importing a sibling node's internals", 'nodes/Chatwoot/trigger/probe.ts', "import { labelOperation } from '../actions/labels';\nexport const x = labelOperation;\n", 'import-x/no-restricted-paths'],
		['a node file importing a sibling node folder', 'nodes/ChatApp/ChatAppTrigger.node.ts', "import { realtimeProperties } from './realtime/description';\nexport const x = realtimeProperties;\n", 'import-x/no-restricted-paths'],
		['a platform library importing a node folder', 'nodes/Chatwoot/transport/probe.ts', "import { realtimeProperties } from '../realtime/description';\nexport const x = realtimeProperties;\n", 'import-x/no-restricted-paths'],
		['n8n-free shared code importing n8n', 'nodes/shared/pusher/probe.ts', "import { NodeOperationError } from 'n8n-workflow';\nexport const x = NodeOperationError;\n", 'no-restricted-imports'],
	])('%s fails lint', (_what, filePath, code, rule) => {
		expect(lint(filePath, code)).toContain(rule);
	});

	test('the same imports in allowed places pass', () => {
		const allowed = lint('nodes/Chatwoot/trigger/probe.ts', "import { accountField } from '../helpers/account';\nexport const x = accountField;\n");
		expect(allowed).not.toContain('no-restricted-paths');
		const n8nGlue = lint('nodes/shared/n8n/probe.ts', "import { NodeOperationError } from 'n8n-workflow';\nexport const x = NodeOperationError;\n");
		expect(n8nGlue).not.toContain('no-restricted-imports');
	});
});

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
	);
}

test('no source file is over 400 lines', () => {
	const long = [...sources(join(root, 'nodes')), ...sources(join(root, 'credentials'))]
		.map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
		.filter(({ lines }) => lines > 400);
	expect(long).toEqual([]);
});
