/** Test-only worker that does nothing: it holds one thread until it is terminated. @module */
(self as unknown as { onmessage: () => void }).onmessage = () => {};
