// TypeScript's CommonJS files (.cts) import each other as './x.cjs'. Jest resolves such a request
// to the .cts source when one exists, and leaves every other request (node_modules) untouched.
module.exports = (request, options) => {
	if (request.startsWith('.') && request.endsWith('.cjs')) {
		try {
			return options.defaultResolver(`${request.slice(0, -4)}.cts`, options);
		} catch {
			// no .cts beside it: a real .cjs file
		}
	}
	return options.defaultResolver(request, options);
};
