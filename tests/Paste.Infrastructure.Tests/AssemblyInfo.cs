// Every fixture works on its own temporary database, so fixtures can run side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
