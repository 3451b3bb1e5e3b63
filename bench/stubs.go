package main

import "context"

func cmdGen(ctx context.Context, args []string) error    { return nil }
func cmdScale(ctx context.Context, args []string) error  { return nil }
func cmdFields(ctx context.Context, args []string) error { return nil }
