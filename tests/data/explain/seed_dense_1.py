model = Sequential([
	Dense(5, input_shape = (None, 3)),
	Dense(2)
])
