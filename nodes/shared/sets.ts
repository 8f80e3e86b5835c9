/** Whether `a` (anything a server returned) holds exactly the strings of `b`, in any order and ignoring repeats. */
export function sameStringSet(a: unknown, b: readonly string[]): boolean {
	if (!Array.isArray(a)) return false;
	const left = [...new Set(a.map(String))].sort();
	const right = [...new Set(b)].sort();
	return left.length === right.length && left.every((value, index) => value === right[index]);
}
