'use strict';
// Lets the n8n webhook bench load the test stand-ins (test/servers/*, test/n8n-server/*,
// fixtures), which are TypeScript, the way jest does: transpiled on require, no type check.
const fs = require('fs');
const ts = require('typescript');

if (require.extensions && !require.extensions['.ts']) {
	require.extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
		});
		module._compile(outputText, filename);
	};
}
