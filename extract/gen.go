package extract

//go:generate go run ./internal/gengazetteer -o places.txt -cities cities.txt
