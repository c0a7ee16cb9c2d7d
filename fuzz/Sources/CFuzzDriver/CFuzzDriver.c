// The declaration in include/CFuzzDriver.h is all this module provides; libFuzzer (-sanitize=fuzzer) defines it.
