//! Native tests of the machine alone; the many-tab simulator is in core/tests/sim/.
